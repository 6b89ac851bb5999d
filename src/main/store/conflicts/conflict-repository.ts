import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppError } from '../../../shared/errors.js';
import type { ResolutionChoice } from '../../../shared/protocol/resolutions.js';
import { type ConflictKind, type ConflictSide, conflicts } from '../schema/sync-tables.js';
import type { StoreContext } from '../store-context.js';

export type ConflictRow = typeof conflicts.$inferSelect;

/** What a merge records about one concurrent edit. */
export interface NewConflict {
  readonly entity: string;
  readonly recordId: string;
  readonly kind: ConflictKind;
  readonly fields: readonly string[];
  readonly base: Record<string, unknown> | null;
  readonly local: Record<string, unknown>;
  readonly server: Record<string, unknown>;
  readonly localDeleted?: boolean;
  readonly serverDeleted?: boolean;
  readonly baseVersion: number | null;
  readonly serverVersion: number;
  /** What the record became; `null` while held or when it became a tombstone. */
  readonly resolved: Record<string, unknown> | null;
  /** Fields the merge decided by itself, and the side that won each. */
  readonly auto?: Record<string, ConflictSide>;
}

/** Who resolved a conflict by hand and how, kept as its history. */
export interface HandResolution {
  readonly by: string | null;
  readonly choices: Record<string, ResolutionChoice>;
  /** The edit that carries the result to the server (`null`: the record needed no change). */
  readonly opId: string | null;
}

/** Open kinds wait for the officer; the others were resolved automatically and can be overridden. */
const OPEN_KINDS: ReadonlySet<ConflictKind> = new Set(['held', 'remote_delete']);

export class ConflictRepository {
  constructor(private readonly ctx: StoreContext) {}

  record(conflict: NewConflict): string {
    const id = this.ctx.newId();
    const open = OPEN_KINDS.has(conflict.kind);
    const at = this.ctx.nowIso();
    this.ctx.db
      .insert(conflicts)
      .values({
        ...conflict,
        auto: conflict.auto ?? null,
        id,
        fields: [...conflict.fields],
        localDeleted: conflict.localDeleted ?? false,
        serverDeleted: conflict.serverDeleted ?? false,
        status: open ? 'open' : 'resolved',
        createdAt: at,
        resolvedAt: open ? null : at,
      })
      .run();
    return id;
  }

  get(id: string): ConflictRow | undefined {
    return this.ctx.db.select().from(conflicts).where(eq(conflicts.id, id)).get();
  }

  /** Open ones oldest first (the order they came); resolved ones newest resolution first (a history). */
  list(status?: 'open' | 'resolved'): ConflictRow[] {
    const query = this.ctx.db.select().from(conflicts);
    if (status === 'resolved') {
      return query.where(eq(conflicts.status, 'resolved')).orderBy(desc(conflicts.resolvedAt), desc(sql`rowid`)).all();
    }
    return (status ? query.where(eq(conflicts.status, status)) : query)
      .orderBy(asc(conflicts.createdAt), sql`rowid`)
      .all();
  }

  /** Conflicts waiting for the officer (the status bar's figure). */
  openCount(): number {
    return this.ctx.db.select({ n: count() }).from(conflicts).where(eq(conflicts.status, 'open')).get()?.n ?? 0;
  }

  markResolved(id: string, resolved: Record<string, unknown> | null, by: HandResolution): void {
    this.ctx.db
      .update(conflicts)
      .set({
        status: 'resolved',
        resolved,
        resolvedAt: this.ctx.nowIso(),
        resolvedBy: by.by,
        choices: by.choices,
        resolutionOpId: by.opId,
        // A person decided: the decision goes to the server with the next sync (overriding twice sends both).
        historyState: 'pending',
        historyError: null,
      })
      .where(eq(conflicts.id, id))
      .run();
  }

  /** Hand resolutions not yet stored on the server, oldest resolution first. */
  unsentResolutions(limit: number): ConflictRow[] {
    return this.ctx.db
      .select()
      .from(conflicts)
      .where(eq(conflicts.historyState, 'pending'))
      .orderBy(asc(conflicts.resolvedAt), sql`rowid`)
      .limit(limit)
      .all();
  }

  /** The server stored these resolutions (or had them already): they are not sent again. */
  markHistorySent(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.ctx.db
      .update(conflicts)
      .set({ historyState: 'sent', historyError: null })
      .where(and(inArray(conflicts.id, [...ids]), eq(conflicts.historyState, 'pending')))
      .run();
  }

  /** The server refused this resolution for good (the record is not the user's to see): kept here, not resent. */
  markHistoryRefused(id: string, error: AppError): void {
    this.ctx.db
      .update(conflicts)
      .set({ historyState: 'refused', historyError: error })
      .where(and(eq(conflicts.id, id), eq(conflicts.historyState, 'pending')))
      .run();
  }
}
