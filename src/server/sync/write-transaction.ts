import { sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { scopeExits } from '../db/schema/server-tables.js';
import { queryRows, type ServerDb, type ServerTx } from '../db/server-database.js';
import type { FeedState } from './feed-head.js';
import { ident, isoTimeSql, uuidArray } from './sql-helpers.js';

/** Key of the transaction-scoped advisory lock that serialises seq assignment ("feed" in ASCII). */
export const FEED_LOCK_KEY = 0x66656564;

/** Points where tests make a write transaction wait, to prove readers never miss a late commit. */
export interface WriteHooks {
  /** After the writes, before taking the feed lock. */
  beforeFeedLock?: () => Promise<void>;
  /** Holding the feed lock with seqs assigned, before commit. */
  beforeCommit?: () => Promise<void>;
}

/** A record that left its district in this transaction. */
export interface ScopeExit {
  readonly organisation: string;
  readonly fromDistrict: string;
  readonly toDistrict: string | null;
}

/**
 * What a write transaction changed: records to put on the change feed (they get new seqs at commit)
 * and records that left a district (logged as scope exits with the same seq).
 */
export class FeedWrites {
  private readonly touched = new Map<string, Set<string>>();
  private readonly exits = new Map<string, Map<string, ScopeExit>>();

  touch(def: EntityDef, id: string): void {
    const ids = this.touched.get(def.name) ?? new Set<string>();
    this.touched.set(def.name, ids);
    ids.add(id);
  }

  exit(def: EntityDef, id: string, exit: ScopeExit): void {
    this.touch(def, id);
    const byId = this.exits.get(def.name) ?? new Map<string, ScopeExit>();
    this.exits.set(def.name, byId);
    const earlier = byId.get(id);
    // Moved twice in one batch: it left the first district it was in.
    byId.set(id, earlier ? { ...exit, fromDistrict: earlier.fromDistrict } : exit);
  }

  get size(): number {
    let n = 0;
    for (const ids of this.touched.values()) n += ids.size;
    return n;
  }

  idsOf(def: EntityDef): readonly string[] {
    return [...(this.touched.get(def.name) ?? [])];
  }

  exitsOf(def: EntityDef): ReadonlyMap<string, ScopeExit> {
    return this.exits.get(def.name) ?? new Map();
  }
}

const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 4;

function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Runs `work` in one transaction, then puts everything it touched on the change feed: takes the global
 * feed lock as late as possible and assigns seqs from the sequence under it. The lock is held to commit,
 * so seq order is commit order and a reader that saw seq n has seen every commit below n.
 * Deadlocks, serialisation failures and lost unique races are retried (the work is re-run from scratch).
 */
export async function runWriteTransaction<T>(
  db: ServerDb,
  graph: EntityGraph,
  work: (tx: ServerTx, writes: FeedWrites) => Promise<T>,
  hooks: WriteHooks = {},
  feed?: FeedState,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      let head = 0;
      const result = await db.transaction(async (tx) => {
        const writes = new FeedWrites();
        const done = await work(tx, writes);
        if (writes.size > 0) {
          await hooks.beforeFeedLock?.();
          await tx.execute(sql`SELECT pg_advisory_xact_lock(${FEED_LOCK_KEY})`);
          head = await stampFeed(tx, graph, writes);
          await hooks.beforeCommit?.();
        }
        return done;
      });
      feed?.observe(head);
      return result;
    } catch (error) {
      const code = pgCode(error);
      if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * Gives every touched record its next seq and moves the head, in one statement (one CTE per table),
 * then logs scope exits under the same seqs. Returns the new head.
 */
async function stampFeed(tx: ServerTx, graph: EntityGraph, writes: FeedWrites): Promise<number> {
  const touched = graph.ordered.filter((def) => writes.idsOf(def).length > 0);
  const stamps = touched.map(
    (def, i) =>
      sql`${ident(`s${i}`)} AS (UPDATE ${ident(def.table)} AS t SET seq = s.n
          FROM (SELECT u.id, nextval('change_seq') AS n
                FROM (SELECT id, ord FROM unnest(${uuidArray(writes.idsOf(def))}) WITH ORDINALITY AS x(id, ord)
                      ORDER BY ord) u) s
          WHERE t.id = s.id
          RETURNING ${def.name}::text AS entity, t.id::text AS id, t.seq, t.version,
            ${isoTimeSql(sql`t.updated_at`)} AS updated_at)`,
  );
  const all = sql.join(
    touched.map((_, i) => sql`SELECT * FROM ${ident(`s${i}`)}`),
    sql` UNION ALL `,
  );
  const rows = await queryRows<{ entity: string; id: string; seq: string; version: number; updated_at: string }>(
    tx,
    sql`WITH ${sql.join(stamps, sql`, `)},
        stamped AS (${all}),
        head AS (UPDATE feed_head SET head = GREATEST(head, (SELECT max(seq) FROM stamped)) WHERE id = 1)
        SELECT entity, id, seq::text AS seq, version, updated_at FROM stamped`,
  );
  let head = 0;
  const exitRows = [];
  for (const row of rows) {
    const seq = Number(row.seq);
    head = Math.max(head, seq);
    const def = graph.byName.get(row.entity);
    const exit = def && writes.exitsOf(def).get(row.id);
    if (exit && exit.fromDistrict !== exit.toDistrict) {
      exitRows.push({
        seq,
        entity: row.entity,
        recordId: row.id,
        version: row.version,
        updatedAt: row.updated_at,
        organisationScope: exit.organisation,
        fromDistrict: exit.fromDistrict,
        toDistrict: exit.toDistrict,
      });
    }
  }
  if (exitRows.length > 0) await tx.insert(scopeExits).values(exitRows);
  return head;
}
