import type { SQL } from 'drizzle-orm';
import type { SyncFormat } from '../../shared/protocol/columns.js';
import { type Executor, queryRow } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import type { ReadChangesRequest } from './change-feed-sql.js';
import { recordsPageSql } from './read-changes.js';
import { columnsPageSql } from './read-columns.js';

/** One collection's changes, already encoded as the JSON of one entry of a sync response's `changes`. */
export interface EncodedPage {
  readonly count: number;
  readonly json: string;
  /** Seq of the last item when more are waiting (null when none was taken: limit 0, or none waits). */
  readonly lastSeq: number | null;
  readonly hasMore: boolean;
}

/**
 * A page as the database returns it, in one row: `n` rows read (at most the limit and one more, which
 * tells that more are waiting), the seq of the last row within the limit, and `x` the page's body text
 * in the requested format (see `recordsPageSql`, `columnsPageSql`).
 */
export interface PageRow {
  readonly n: number;
  readonly last_seq: string | null;
  readonly x: string | null;
}

/** The statement that reads a collection's page as one `PageRow`, in the format the client asked for. */
export function encodedPageSql(model: ScopeModel, format: SyncFormat, request: ReadChangesRequest): SQL {
  return format === 'columns' ? columnsPageSql(model, request) : recordsPageSql(model, request);
}

/** A `PageRow` of `collection` read with `limit`, as the JSON of its entry in `changes`. */
export function encodePage(
  collection: string,
  format: SyncFormat,
  limit: number,
  row: PageRow | undefined,
): EncodedPage {
  const total = Number(row?.n ?? 0);
  const hasMore = total > limit;
  const count = Math.min(total, limit);
  const name = JSON.stringify(collection);
  const json =
    format === 'columns'
      ? `{"collection":${name},"count":${count},"columns":${row?.x ?? '{}'}}`
      : `{"collection":${name},"items":[${row?.x ?? ''}]}`;
  const lastSeq = hasMore && row?.last_seq != null ? Number(row.last_seq) : null;
  return { count, json, lastSeq, hasMore };
}

/** Reads a collection's changes in the format the client asked for (see `SyncFormat`). */
export async function readEncodedPage(
  executor: Executor,
  model: ScopeModel,
  format: SyncFormat,
  request: ReadChangesRequest,
): Promise<EncodedPage> {
  const row = await queryRow<PageRow>(executor, encodedPageSql(model, format, request));
  return encodePage(request.def.collection, format, request.limit, row);
}
