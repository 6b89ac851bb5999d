import { sql } from 'drizzle-orm';
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
  const feed = changeFeedSql(model, request, {
    records: sql`t.seq, ${wireJsonSql(request.def)} AS j`,
    removals: sql`e.seq, ${tombstoneJsonSql('e')} AS j`,
  });
  const rows = await queryRows<{ seq: string; j: string }>(executor, sql`SELECT seq::text AS seq, j FROM (${feed}) f`);
  if (rows.length <= limit) return { items: rows.map((r) => r.j), lastSeq: null, hasMore: false };
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map((r) => r.j), lastSeq: last ? Number(last.seq) : null, hasMore: true };
}
