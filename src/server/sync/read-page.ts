import type { SyncFormat } from '../../shared/protocol/columns.js';
import type { Executor } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import type { ReadChangesRequest } from './change-feed-sql.js';
import { readChanges } from './read-changes.js';
import { readColumns } from './read-columns.js';

/** One collection's changes, already encoded as the JSON of one entry of a sync response's `changes`. */
export interface EncodedPage {
  readonly count: number;
  readonly json: string;
  readonly lastSeq: number | null;
  readonly hasMore: boolean;
}

/** Reads a collection's changes in the format the client asked for (see `SyncFormat`). */
export async function readEncodedPage(
  executor: Executor,
  model: ScopeModel,
  format: SyncFormat,
  request: ReadChangesRequest,
): Promise<EncodedPage> {
  const collection = JSON.stringify(request.def.collection);
  if (format === 'columns') {
    const page = await readColumns(executor, model, request);
    const json = `{"collection":${collection},"count":${page.count},"columns":${page.columnsJson}}`;
    return { count: page.count, json, lastSeq: page.lastSeq, hasMore: page.hasMore };
  }
  // Records are JSON text from the database: splice them in rather than parse and re-serialise.
  const page = await readChanges(executor, model, request);
  const json = `{"collection":${collection},"items":[${page.items.join(',')}]}`;
  return { count: page.items.length, json, lastSeq: page.lastSeq, hasMore: page.hasMore };
}
