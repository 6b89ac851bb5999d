import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { uuidSchema } from '../../shared/entity/validation.js';
import type { PushOp } from '../../shared/protocol/sync.js';
import type { Executor } from '../db/server-database.js';
import type { HeldLocks } from './lock-plan.js';
import type { PendingWrites } from './pending-writes.js';
import { type LockMode, lockRecords, type RecordRow } from './record-rows.js';

/**
 * The rows a push batch reads, kept current as the batch writes: a batch of hundreds of ops costs a few
 * queries to read instead of a few per op. It starts with the rows the batch's locking statements
 * returned; the ops' own records and the parents their changes reference that are not among them are
 * fetched up front in one query per entity type. Rows the lock plan holds are read without asking for a
 * lock again; any other row is locked as it is read.
 */
export class RowCache {
  private readonly rows = new Map<string, Map<string, RecordRow | null>>();

  constructor(
    private readonly tx: Executor,
    private readonly locked?: HeldLocks,
    /** The batch's writes not sent yet: sent before any row is read from the database. */
    private readonly pending?: PendingWrites,
  ) {
    for (const [type, rows] of locked?.rows ?? []) this.rows.set(type, new Map(rows));
  }

  /** Reads every op's record and every parent its changes reference. */
  async prefetch(graph: EntityGraph, ops: readonly PushOp[]): Promise<void> {
    const own = new Map<string, Set<string>>();
    const parents = new Map<string, Set<string>>();
    const add = (into: Map<string, Set<string>>, entity: string, id: string) => {
      const ids = into.get(entity) ?? new Set<string>();
      into.set(entity, ids);
      ids.add(id);
    };
    for (const op of ops) {
      const def = graph.byName.get(op.entity);
      if (!def) continue;
      add(own, def.name, op.id);
      for (const ref of def.refs) {
        const value = op.changes?.[ref.field];
        // Not validated yet: a value that is not a UUID is the op's own rejection, never a query.
        if (typeof value === 'string' && uuidSchema.safeParse(value).success) add(parents, ref.entity, value);
      }
    }
    for (const def of graph.ordered) {
      const known = this.rows.get(def.name);
      const mine = [...(own.get(def.name) ?? [])].filter((id) => !known?.has(id));
      const theirs = [...(parents.get(def.name) ?? [])].filter((id) => !own.get(def.name)?.has(id) && !known?.has(id));
      await this.fetch(def, mine, 'update');
      await this.fetch(def, theirs, 'share');
    }
  }

  /** A record, from the cache or (locked in `mode`) from the database. */
  async get(def: EntityDef, id: string, mode: LockMode): Promise<RecordRow | undefined> {
    const cached = this.rows.get(def.name)?.get(id);
    if (cached !== undefined) return cached ?? undefined;
    await this.fetch(def, [id], mode);
    return this.rows.get(def.name)?.get(id) ?? undefined;
  }

  /** Records what this batch wrote. */
  set(def: EntityDef, id: string, row: RecordRow): void {
    this.byType(def).set(id, row);
  }

  /** Reads a record again from the database (another transaction may have just created it). */
  async refresh(def: EntityDef, id: string, mode: LockMode): Promise<RecordRow | undefined> {
    this.rows.get(def.name)?.delete(id);
    return this.get(def, id, mode);
  }

  /** Forgets everything after a bulk statement changed rows behind the cache's back (cascades). */
  forgetAll(): void {
    this.rows.clear();
  }

  private async fetch(def: EntityDef, ids: readonly string[], mode: LockMode): Promise<void> {
    if (ids.length === 0) return;
    await this.pending?.flush(this.tx);
    const planned = ids.every(
      (id) => mode === 'none' || this.locked?.plan.covers(def, id, mode === 'update' ? 'no key update' : 'key share'),
    );
    const found = await lockRecords(this.tx, def, ids, planned ? 'none' : mode);
    const rows = this.byType(def);
    for (const id of ids) rows.set(id, found.get(id) ?? null);
  }

  private byType(def: EntityDef): Map<string, RecordRow | null> {
    const rows = this.rows.get(def.name) ?? new Map<string, RecordRow | null>();
    this.rows.set(def.name, rows);
    return rows;
  }
}
