import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { changeFeedSql, type ReadChangesRequest } from './change-feed-sql.js';
import { tombstoneJsonSql, wireJsonSql } from './wire-json.js';

export type { ReadChangesRequest } from './change-feed-sql.js';

export interface ChangesPage {
  /** Wire records as JSON text, in feed order. */
  readonly items: readonly string[];
  /**
   * Seq of the last item when more are waiting (null when none was taken: limit 0); when nothing is
   * waiting the caller's snapshot head is the next position.
   */
  readonly lastSeq: number | null;
  readonly hasMore: boolean;
}

/** Reads one collection's changes after a position as wire records (see `changeFeedSql`). */
export async function readChanges(
  executor: Executor,
  model: ScopeModel,
  request: ReadChangesRequest,
): Promise<ChangesPage> {
  const { limit } = request;
  const feed = wireFeedSql(model, request);
  const rows = await queryRows<{ seq: string; j: string }>(executor, sql`SELECT seq::text AS seq, j FROM (${feed}) f`);
  if (rows.length <= limit) return { items: rows.map((r) => r.j), lastSeq: null, hasMore: false };
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map((r) => r.j), lastSeq: last ? Number(last.seq) : null, hasMore: true };
}

/**
 * One collection's changes as one row of a `PageRow` whose `x` is the page's records joined by commas
 * (the inside of its `items` array; null when empty): the database joins the JSON texts it built.
 */
export function recordsPageSql(model: ScopeModel, request: ReadChangesRequest): SQL {
  const feed = wireFeedSql(model, request);
  return sql`SELECT count(*)::int AS n, (max(seq) FILTER (WHERE rn <= lim))::text AS last_seq,
      string_agg(j, ',' ORDER BY seq) FILTER (WHERE rn <= lim) AS x
    FROM (SELECT f.*, row_number() OVER (ORDER BY seq) AS rn, ${request.limit}::int AS lim FROM (${feed}) f) p`;
}

/** The feed as `(seq, j)` rows: each change's wire record as JSON text. */
function wireFeedSql(model: ScopeModel, request: ReadChangesRequest): SQL {
  return changeFeedSql(model, request, {
    records: sql`t.seq, ${wireJsonSql(request.def)} AS j`,
    removals: sql`e.seq, ${tombstoneJsonSql('e')} AS j`,
  });
}
