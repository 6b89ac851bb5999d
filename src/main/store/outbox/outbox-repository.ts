import { and, asc, count, eq, inArray, min } from 'drizzle-orm';
import type { OutboxState } from '../schema/sync-tables.js';
import { outbox } from '../schema/sync-tables.js';
import type { StoreContext } from '../store-context.js';

/** One outbox row as stored. */
export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxPatch = Partial<Omit<OutboxRow, 'seq'>>;

/** A new operation for the queue. */
export interface NewOp {
  readonly entity: string;
  readonly recordId: string;
  readonly kind: 'upsert' | 'delete';
  readonly changes: Record<string, unknown> | null;
  readonly baseVersion: number | null;
}

/** Plain reads and writes of the outbox table (the rules live in the callers). */
export class OutboxRepository {
  constructor(private readonly ctx: StoreContext) {}

  /** Every op of one record, oldest first. */
  opsOf(entity: string, recordId: string): OutboxRow[] {
    return this.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.entity, entity), eq(outbox.recordId, recordId)))
      .orderBy(asc(outbox.seq))
      .all();
  }

  byOpId(opId: string): OutboxRow | undefined {
    return this.ctx.db.select().from(outbox).where(eq(outbox.opId, opId)).get();
  }

  byOpIds(opIds: readonly string[]): OutboxRow[] {
    return opIds.length === 0
      ? []
      : this.ctx.db
          .select()
          .from(outbox)
          .where(inArray(outbox.opId, [...opIds]))
          .all();
  }

  /** Every op, oldest first (the queue screen reads pages of it with titles: see outbox-views.ts). */
  all(): OutboxRow[] {
    return this.ctx.db.select().from(outbox).orderBy(asc(outbox.seq)).all();
  }

  append(op: NewOp): string {
    const opId = this.ctx.newId();
    const at = this.ctx.nowIso();
    this.ctx.db
      .insert(outbox)
      .values({ ...op, opId, state: 'pending', attempts: 0, failures: 0, createdAt: at, updatedAt: at })
      .run();
    return opId;
  }

  update(seq: number, patch: OutboxPatch): void {
    this.ctx.db
      .update(outbox)
      .set({ ...patch, updatedAt: this.ctx.nowIso() })
      .where(eq(outbox.seq, seq))
      .run();
  }

  remove(seqs: readonly number[]): void {
    if (seqs.length > 0)
      this.ctx.db
        .delete(outbox)
        .where(inArray(outbox.seq, [...seqs]))
        .run();
  }

  removeRecord(entity: string, recordId: string): OutboxRow[] {
    const ops = this.opsOf(entity, recordId);
    this.remove(ops.map((op) => op.seq));
    return ops;
  }

  countsByState(): { state: OutboxState; n: number }[] {
    return this.ctx.db.select({ state: outbox.state, n: count() }).from(outbox).groupBy(outbox.state).all();
  }

  /**
   * Epoch ms when the first op backing off after a failure is due, or `null` when none is: read in SQL
   * (the `state` index), since the outbox may hold 100,000 failed ops.
   */
  nextRetryAt(): number | null {
    return (
      this.ctx.db
        .select({ due: min(outbox.nextAttemptAt) })
        .from(outbox)
        .where(eq(outbox.state, 'failed'))
        .get()?.due ?? null
    );
  }

  /** Ops left `in_flight` by a process that died mid-request: the response is lost, so resend them. */
  releaseInFlight(): number {
    return this.ctx.db
      .update(outbox)
      .set({ state: 'failed', nextAttemptAt: null, updatedAt: this.ctx.nowIso() })
      .where(eq(outbox.state, 'in_flight'))
      .run().changes;
  }
}
