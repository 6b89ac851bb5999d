import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import type { AppError } from '../../shared/errors.js';
import { type Executor, queryRow, queryRows, type ServerDb } from '../db/server-database.js';
import type { FeedPosition } from './cursor.js';

/** Rows deleted per transaction: each batch is short, so a writer waits at most one batch. */
export const PURGE_BATCH = 500;

const PURGE_ROW = 1;

/** Pause between two batches: queued writers (PGlite runs one query at a time) get in first. */
const PAUSE_MS = 5;

export interface PurgeOptions {
  /** History older than this (before `now - horizonMs`) goes. */
  readonly horizonMs: number;
  readonly now: () => Date;
  readonly batchSize?: number;
  /** Called between batches (default: a 5 ms pause), so writers and readers queued behind a batch go first. */
  readonly pause?: () => Promise<void>;
  /** Each batch's duration in ms (tests measure how long a writer could wait). */
  readonly onBatch?: (ms: number) => void;
}

/** What one purge removed. */
export interface PurgeReport {
  readonly tombstones: number;
  readonly scopeExits: number;
  readonly scopeChanges: number;
  readonly appliedOps: number;
  readonly batches: number;
  /** Cursors below this feed position are now answered RESYNC. */
  readonly purgedSeq: number;
  readonly horizon: string;
}

/**
 * Purges history older than the horizon: tombstones (children first; never a row something still
 * references), scope exits, logged scope changes, and applied-op records. In batches of `batchSize`
 * rows, one short transaction each and a pause between them; no batch takes the feed lock, so writers
 * never wait for a whole purge. Each batch raises `feed_purge.purged_seq` to the highest feed position it
 * deleted, in the same transaction: a reader's snapshot sees either the rows or the raised mark, never
 * neither, so a cursor that could have missed a purged row is always answered RESYNC.
 *
 * Applied-op records go after the same horizon. A retried op older than it cannot be applied twice: its
 * device's cursors are then older than the horizon too (an op and the cursors travel in one request,
 * and RESYNC is answered before the push is applied), and once the device has downloaded again its
 * retried edit carries a base version the server has passed (`conflict`, then rebased on the current
 * record) — the one unguarded case is re-creating a record whose tombstone was purged.
 */
export async function purgeOldHistory(db: ServerDb, graph: EntityGraph, options: PurgeOptions): Promise<PurgeReport> {
  const horizon = new Date(options.now().getTime() - options.horizonMs).toISOString();
  const limit = options.batchSize ?? PURGE_BATCH;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, PAUSE_MS)));
  await db.execute(sql`INSERT INTO feed_purge (id) VALUES (${PURGE_ROW}) ON CONFLICT (id) DO NOTHING`);
  let batches = 0;
  /** Runs batches of `statement` (which deletes at most `limit` rows, returning their `seq`) until done. */
  const drain = async (statement: SQL, onFeed: boolean): Promise<number> => {
    let total = 0;
    for (;;) {
      const started = performance.now();
      const deleted = await db.transaction(async (tx) => {
        const rows = await queryRows<{ seq: string | null }>(tx, statement);
        const seqs = rows.map((r) => Number(r.seq ?? 0));
        if (onFeed && seqs.length > 0) await raiseMark(tx, Math.max(...seqs), horizon);
        return rows.length;
      });
      batches++;
      options.onBatch?.(performance.now() - started);
      total += deleted;
      if (deleted < limit) return total;
      await pause();
    }
  };
  let tombstones = 0;
  for (const def of [...graph.ordered].reverse())
    tombstones += await drain(tombstoneBatch(graph, def, horizon, limit), true);
  const scopeExits = await drain(
    sql`DELETE FROM scope_exits WHERE seq IN (SELECT seq FROM scope_exits WHERE updated_at < ${horizon} ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED) RETURNING seq::text AS seq`,
    true,
  );
  const scopeChanges = await drain(
    sql`DELETE FROM user_scope_changes WHERE seq IN (SELECT seq FROM user_scope_changes WHERE changed_at < ${horizon} ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED) RETURNING seq::text AS seq`,
    true,
  );
  const appliedOps = await drain(
    sql`DELETE FROM applied_ops WHERE op_id IN (SELECT op_id FROM applied_ops WHERE created_at < ${horizon} LIMIT ${limit} FOR UPDATE SKIP LOCKED) RETURNING NULL AS seq`,
    false,
  );
  await db.execute(
    sql`UPDATE feed_purge SET purged_before = GREATEST(purged_before, ${horizon}::timestamptz) WHERE id = ${PURGE_ROW}`,
  );
  const mark = await readPurgeMark(db);
  return { tombstones, scopeExits, scopeChanges, appliedOps, batches, purgedSeq: mark.seq, horizon };
}

/** Deletes up to `limit` old tombstones of `def` that nothing references any more, returning their seqs. */
function tombstoneBatch(graph: EntityGraph, def: EntityDef, horizon: string, limit: number): SQL {
  const table = sql.identifier(def.table);
  const unreferenced = graph.ordered.flatMap((child) =>
    child.refs
      .filter((ref) => ref.entity === def.name)
      .map(
        (ref) =>
          sql` AND NOT EXISTS (SELECT 1 FROM ${sql.identifier(child.table)} c WHERE c.${sql.identifier(ref.column)} = t.id)`,
      ),
  );
  return sql`DELETE FROM ${table} WHERE id IN (
    SELECT t.id FROM ${table} t WHERE t.deleted AND t.updated_at < ${horizon}${sql.join(unreferenced, sql``)}
    ORDER BY t.seq LIMIT ${limit} FOR UPDATE SKIP LOCKED
  ) RETURNING seq::text AS seq`;
}

async function raiseMark(tx: Executor, seq: number, horizon: string): Promise<void> {
  await tx.execute(
    sql`UPDATE feed_purge SET purged_seq = GREATEST(purged_seq, ${seq}),
      purged_before = GREATEST(purged_before, ${horizon}::timestamptz) WHERE id = ${PURGE_ROW}`,
  );
}

/** How far the purge has gone, as one JSON column (`[seq, before]`), for composing into one query. */
export const purgeMarkColumn = (): SQL =>
  sql`(SELECT json_build_array(purged_seq::text,
        to_char(purged_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) FROM feed_purge WHERE id = ${PURGE_ROW})`;

/** The mark from `purgeMarkColumn`'s value (no row: nothing purged). */
export function decodePurgeMark(value: readonly [string, string | null] | null | undefined): PurgeMark {
  return { seq: Number(value?.[0] ?? 0), before: value?.[1] ?? null };
}

export interface PurgeMark {
  readonly seq: number;
  readonly before: string | null;
}

/** How far the purge has gone, as this executor's snapshot sees it. */
export async function readPurgeMark(executor: Executor): Promise<PurgeMark> {
  const row = await queryRow<{ mark: [string, string | null] | null }>(
    executor,
    sql`SELECT ${purgeMarkColumn()} AS mark`,
  );
  return decodePurgeMark(row?.mark);
}

/**
 * RESYNC for a position (by parameter name) that could have missed purged history: a cursor below the purge mark, or a
 * time before the last horizon. A read from the beginning (seq 0, no time) misses nothing.
 */
export function beyondHorizon(
  positions: ReadonlyMap<string, FeedPosition>,
  mark: { readonly seq: number; readonly before: string | null },
  prefix = 'cursors.',
): AppError | undefined {
  for (const [name, position] of positions) {
    const stale =
      position.after !== undefined
        ? mark.before !== null && position.after < mark.before
        : position.seq > 0 && position.seq < mark.seq;
    if (stale) {
      return {
        code: 'RESYNC',
        message: `Invalid cursor ${prefix}${name}: older than the server keeps deletions; sync again from the beginning`,
        field: `${prefix}${name}`,
      };
    }
  }
  return undefined;
}
