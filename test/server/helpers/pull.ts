import type { WireRecord } from '../../../src/shared/protocol/records.js';
import type { SyncRequest, SyncResponse } from '../../../src/shared/protocol/sync.js';
import type { DemoUser, TestServer } from '../../support/test-server.js';

export interface Page {
  items: WireRecord[];
  nextCursor: string;
  hasMore: boolean;
}

/** `GET /api/<collection>` as a user; throws on non-200. */
export async function getPage(
  server: TestServer,
  user: DemoUser,
  collection: string,
  after?: string,
  limit?: number,
): Promise<Page> {
  const query = new URLSearchParams();
  if (after !== undefined) query.set('updatedAfter', after);
  if (limit !== undefined) query.set('limit', String(limit));
  const res = await server.request(user, 'GET', `/api/${collection}?${query}`);
  if (res.status !== 200) throw new Error(`GET ${collection}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Page;
}

/** Pages a collection to the end; returns every item in order, the final cursor and the page count. */
export async function pullAll(
  server: TestServer,
  user: DemoUser,
  collection: string,
  after?: string,
  limit?: number,
): Promise<{ items: WireRecord[]; cursor: string; pages: number }> {
  const items: WireRecord[] = [];
  let cursor = after;
  for (let pages = 1; pages < 10_000; pages++) {
    const page = await getPage(server, user, collection, cursor, limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!page.hasMore) return { items, cursor, pages };
  }
  throw new Error('pullAll did not finish');
}

/** Calls `POST /api/sync` until `hasMore` is false; returns every response. */
export async function syncToEnd(server: TestServer, user: DemoUser, request: SyncRequest): Promise<SyncResponse[]> {
  const responses: SyncResponse[] = [];
  let body = request;
  for (let i = 0; i < 1_000; i++) {
    const response = await server.sync(user, body);
    responses.push(response);
    if (!response.hasMore) return responses;
    body = { ...body, push: [], cursors: response.cursors };
  }
  throw new Error('syncToEnd did not finish');
}

/** Items of one collection across responses. */
export function itemsOf(responses: readonly SyncResponse[], collection: string): WireRecord[] {
  return responses.flatMap((r) => r.changes.filter((c) => c.collection === collection).flatMap((c) => [...c.items]));
}
