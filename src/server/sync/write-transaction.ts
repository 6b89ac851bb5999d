import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { type FollowingStatement, type LastStatement, onPgPool, pgTransaction } from '../db/pg-transaction.js';
import { queryRows, type ServerDb, type ServerTx } from '../db/server-database.js';
import type { FeedState } from './feed-head.js';
import { type PendingStamp, PendingWrites } from './pending-writes.js';
import { ident, rowsLimit, uuidArray } from './sql-helpers.js';
import { STAMP_AT, STAMP_BASE, stampReturning } from './stamp-sql.js';

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
  /** Creates and edits the stamping statement writes (see `PendingWrites`). */
  readonly pending: PendingWrites;

  constructor(graph: EntityGraph) {
    this.pending = new PendingWrites(graph.ordered);
  }

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

/** Serialisation failure, deadlock, a unique race lost to a concurrent insert: re-running the work fixes them. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
/** Attempts before a request gives up with 503 (with locks in one global order, retries are rare). */
export const MAX_WRITE_ATTEMPTS = 8;

function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** A write that kept losing races: the request may be sent again (503 with Retry-After, never a 500). */
export class WriteContention extends Error {
  constructor(
    readonly pgCode: string,
    readonly attempts: number,
  ) {
    super(`Write transaction gave up after ${attempts} attempts (PostgreSQL ${pgCode})`);
    this.name = 'WriteContention';
  }
}

/** The commit time every touched record got (`updatedAt`), by `entity:id`. */
export type FeedStamps = ReadonlyMap<string, string>;

export interface WriteOptions<T> {
  readonly hooks?: WriteHooks;
  readonly feed?: FeedState;
  /** The server clock, read under the feed lock (default: real time). */
  readonly now?: () => Date;
  /** Puts the stamps into what the work returns (under the feed lock, after stamping). */
  readonly stamped?: (value: T, stamps: FeedStamps) => T;
  /**
   * Writes that need the stamps, run inside the stamping statement so the feed lock is held for no
   * extra round trip: data-modifying statements that may read `stamped(entity, id, seq, version,
   * updated_at)`, the rows just stamped (`updated_at` as the ISO text clients see).
   */
  readonly withStamps?: () => readonly SQL[];
  /** Counts retried attempts (tests and benches). */
  readonly onRetry?: (code: string) => void;
  /**
   * A statement to run right after the commit in the same round trip (PostgreSQL only, when something
   * was stamped); its `rows` are set when it ran.
   */
  readonly follow?: FollowingStatement;
}

/**
 * Runs `work` in one transaction, then puts everything it touched on the change feed: takes the global
 * feed lock (the head row's lock) as late as possible, takes seqs after the head under it and stamps `updatedAt` with
 * the commit time (the clock read under the lock, never below the previous stamp nor the record's own
 * previous time). The lock is held to commit, so seq order and time order are commit order. `work`
 * must take every row lock it needs itself (see `lockPushRows`), so nothing under the feed lock waits
 * on a row. Deadlocks, serialisation failures and lost unique races are retried from scratch after a
 * short random pause, up to `MAX_WRITE_ATTEMPTS`; then `WriteContention` is thrown.
 */
export async function runWriteTransaction<T>(
  db: ServerDb,
  graph: EntityGraph,
  work: (tx: ServerTx, writes: FeedWrites) => Promise<T>,
  options: WriteOptions<T> = {},
): Promise<T> {
  const { hooks = {}, feed } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      let head = 0;
      let latest: ReadonlyMap<string, number> = new Map();
      const attemptOnce = async (tx: ServerTx): Promise<{ value: T; last?: LastStatement<T> }> => {
        const writes = new FeedWrites(graph);
        const done: T = await work(tx, writes);
        if (writes.size === 0) return { value: done };
        await hooks.beforeFeedLock?.();
        const stamp = stampStatement(
          graph,
          writes,
          (options.now ?? (() => new Date()))(),
          options.withStamps?.() ?? [],
        );
        const read = (rows: Record<string, unknown>[]): T => {
          const stamped = stamp.read(rows as StampRow[]);
          head = stamped.head;
          latest = stamped.latest;
          return options.stamped ? options.stamped(done, stamped.stamps) : done;
        };
        const follow = options.follow ? { follow: options.follow } : {};
        return { value: done, last: { statement: stamp.statement, read, ...follow } };
      };
      // On PostgreSQL the stamp and COMMIT go in one round trip, so the feed lock is held for the stamp
      // and the commit only; a test that waits between them takes the plain path.
      const result =
        onPgPool(db) && !hooks.beforeCommit
          ? await pgTransaction(db, attemptOnce)
          : await db.transaction(async (tx) => {
              const { value, last } = await attemptOnce(tx);
              if (!last) return value;
              const stamped = last.read(await queryRows(tx, last.statement));
              await hooks.beforeCommit?.();
              return stamped;
            });
      feed?.observe(head);
      feed?.observeLatest(latest);
      return result;
    } catch (error) {
      const code = pgCode(error);
      if (!code || !RETRYABLE.has(code)) throw error;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new WriteContention(code, attempt);
      options.onRetry?.(code);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** attempt)));
    }
  }
}

/**
 * Takes the feed lock and stamps, in one statement: the head row's update (its row lock is the feed
 * lock, held to commit; under READ COMMITTED it waits for the writer before and reads the head and
 * the last stamp that writer committed) takes a seq for every touched record and the commit time — the
 * clock, never below the last stamp (clocks of several processes, a step back) — then one CTE per table
 * gives each record its seq and that time, never below its previous `updatedAt`. Every CTE reads the
 * head row's RETURNING, so nothing is stamped before the lock is held. Then logs scope exits under the
 * same seqs. Returns the new head and the stamps.
 */
function stampStatement(
  graph: EntityGraph,
  writes: FeedWrites,
  now: Date,
  along: readonly SQL[],
): {
  statement: SQL;
  read: (rows: readonly StampRow[]) => { head: number; stamps: FeedStamps; latest: ReadonlyMap<string, number> };
} {
  const touched = graph.ordered.filter((def) => writes.idsOf(def).length > 0);
  let taken = 0;
  const writers: SQL[] = [];
  for (const def of touched) {
    // Each record takes the next seq: its `ord` after the base. Pending creates and edits are written
    // with their stamp; the rest (written already) are stamped in place.
    const pending: PendingStamp[] = [];
    const written: string[] = [];
    const ords: number[] = [];
    for (const id of writes.idsOf(def)) {
      taken += 1;
      if (writes.pending.has(def, id)) pending.push({ id, ord: taken });
      else {
        written.push(id);
        ords.push(taken);
      }
    }
    writers.push(...writes.pending.stampStatements(def, pending));
    if (written.length === 0) continue;
    writers.push(sql`UPDATE ${ident(def.table)} AS t
          SET seq = ${STAMP_BASE} + s.ord, updated_at = GREATEST(t.updated_at, ${STAMP_AT})
          FROM (SELECT * FROM unnest(${uuidArray(written)}, ${`{${ords.join(',')}}`}::bigint[]) AS s(id, ord)
                ${rowsLimit(written.length)}) s
          WHERE t.id = s.id
          RETURNING ${stampReturning(def)}`);
  }
  const updates = writers.map((statement, i) => sql`${ident(`s${i}`)} AS (${statement})`);
  const all = sql.join(
    writers.map((_, i) => sql`SELECT * FROM ${ident(`s${i}`)}`),
    sql` UNION ALL `,
  );
  const exits = exitsStatement(graph, writes);
  const statements = [...(exits ? [exits] : []), ...along];
  const statement = sql`WITH feed_lock AS (UPDATE feed_head SET head = head + ${taken}::bigint,
                        stamped_at = GREATEST(stamped_at, ${now.toISOString()}::timestamptz)
                      WHERE id = 1 RETURNING head - ${taken}::bigint AS base, stamped_at AS at),
        ${sql.join(updates, sql`, `)},
        stamped AS (${all})${sql.join(
          statements.map((written, i) => sql`, ${ident(`w${i}`)} AS (${written})`),
          sql``,
        )}
        SELECT entity, id, seq::text AS seq, version, updated_at FROM stamped`;
  const read = (rows: readonly StampRow[]) => {
    let head = 0;
    const stamps = new Map<string, string>();
    const latest = new Map<string, number>();
    for (const row of rows) {
      stamps.set(`${row.entity}:${row.id}`, row.updated_at);
      const seq = Number(row.seq);
      head = Math.max(head, seq);
      latest.set(row.entity, Math.max(latest.get(row.entity) ?? 0, seq));
    }
    return { head, stamps, latest };
  };
  return { statement, read };
}

/** A stamped record as the stamping statement returns it. */
type StampRow = { entity: string; id: string; seq: string; version: number; updated_at: string };

/**
 * Logs the records that left a district as scope exits, under the seqs they were stamped with, inside
 * the stamping statement (it reads them from `stamped`).
 */
function exitsStatement(graph: EntityGraph, writes: FeedWrites): SQL | undefined {
  const exits = graph.ordered.flatMap((def) =>
    [...writes.exitsOf(def)]
      .filter(([, exit]) => exit.fromDistrict !== exit.toDistrict)
      .map(([id, exit]) => ({
        entity: def.name,
        id,
        organisation: exit.organisation,
        from_district: exit.fromDistrict,
        to_district: exit.toDistrict,
      })),
  );
  if (exits.length === 0) return undefined;
  return sql`INSERT INTO scope_exits (seq, entity, record_id, version, updated_at, organisation_scope, from_district, to_district)
    SELECT s.seq, s.entity, s.id::uuid, s.version, s.updated_at::timestamptz, e.organisation, e.from_district, e.to_district
    FROM stamped s JOIN jsonb_to_recordset(${JSON.stringify(exits)}::jsonb)
      AS e(entity text, id text, organisation uuid, from_district uuid, to_district uuid)
      ON s.entity = e.entity AND s.id = e.id
`;
}
