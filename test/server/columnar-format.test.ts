import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { type ColumnarChanges, recordsFromColumns } from '../../src/shared/protocol/columns.js';
import type { ColumnarSyncResponse, SyncRequest, SyncResponse } from '../../src/shared/protocol/sync.js';
import { type DemoUser, startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { remove, update } from './helpers/records.js';
import { someRecord } from './helpers/subtree.js';

/**
 * `format: "columns"` is a different encoding of exactly the same changes: for every page of a
 * paged sync (tombstones, cascades and district removals included), the columns decode to the
 * records the default format sends, with the same cursors and `hasMore`.
 */
describe.each(testDatabases)('columnar sync responses (%s)', (database) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    const districts = server.facts?.demo.districts ?? [];
    const one = districts.find((d) => d.name === 'District 1')?.id ?? '';
    const two = districts.find((d) => d.name === 'District 2')?.id ?? '';
    // A cascade of tombstones, a school moved out of District 1 (removals for the district user) and an edit.
    const doomed = await someRecord(server.db, 'schools', sql`district_id = ${two}::uuid`);
    const mover = await someRecord(server.db, 'schools', sql`district_id = ${one}::uuid`);
    const teacher = await someRecord(server.db, 'teachers', sql`school_id = ${mover.id}::uuid`);
    const results = await server.writeAs({}, [
      update('teacher', teacher.id, teacher.version, { lastName: 'Columnar' }),
      remove('school', doomed.id, doomed.version),
      update('school', mover.id, mover.version, { districtId: two }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });
  afterAll(() => server?.close());

  async function page(user: DemoUser, request: SyncRequest): Promise<SyncResponse | ColumnarSyncResponse> {
    const res = await server.request(user, 'POST', '/api/sync', request);
    if (res.status !== 200) throw new Error(`sync: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as SyncResponse | ColumnarSyncResponse;
  }

  it.each(['demo', 'district'] as const)('decodes to the records format page by page for %s', async (user) => {
    const clientId = randomUUID();
    let cursors: SyncRequest['cursors'] = {};
    let pages = 0;
    let tombstones = 0;
    for (let more = true; more; pages++) {
      const request = { cursors, clientId, limit: 41 };
      const records = (await page(user, request)) as SyncResponse;
      const columnar = (await page(user, { ...request, format: 'columns' })) as ColumnarSyncResponse;
      expect(columnar.cursors).toEqual(records.cursors);
      expect(columnar.hasMore).toBe(records.hasMore);
      expect(columnar.changes.map((c) => c.collection)).toEqual(records.changes.map((c) => c.collection));
      for (const [i, group] of columnar.changes.entries()) {
        const def = entityGraph.byCollection.get(group.collection);
        expect(Object.keys(group.columns)).toEqual([
          'id',
          'version',
          'updatedAt',
          'deleted',
          ...Object.keys(def?.fields ?? {}),
        ]);
        const decoded = recordsFromColumns(group);
        expect(decoded).toEqual({ ok: true, value: records.changes[i]?.items });
        tombstones += records.changes[i]?.items.filter((item) => item.deleted).length ?? 0;
      }
      cursors = records.cursors;
      more = records.hasMore;
    }
    expect(pages).toBeGreaterThan(5);
    expect(tombstones).toBeGreaterThan(0);
  });

  it('sends an up-to-date client no columns at all', async () => {
    let cursors: SyncRequest['cursors'] = {};
    for (let more = true; more; ) {
      const response = await page('demo', { cursors, format: 'columns' });
      cursors = response.cursors;
      more = response.hasMore;
    }
    const noop = await page('demo', { cursors, format: 'columns' });
    expect(noop.changes).toEqual([]);
  });

  it('refuses an unknown format, naming the field', async () => {
    const res = await server.request('demo', 'POST', '/api/sync', { cursors: {}, format: 'csv' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('format');
  });
});

describe('recordsFromColumns', () => {
  const base = (columns: Record<string, unknown[]>, count = 2): ColumnarChanges => ({
    collection: 'teachers',
    count,
    columns,
  });
  const meta = { id: ['a', 'b'], version: [1, 2], updatedAt: ['t1', 't2'], deleted: [false, true] };

  it('rebuilds record objects, a tombstone without field keys', () => {
    expect(recordsFromColumns(base({ ...meta, lastName: ['Okello', 'stale'] }))).toEqual({
      ok: true,
      value: [
        { id: 'a', version: 1, updatedAt: 't1', deleted: false, lastName: 'Okello' },
        { id: 'b', version: 2, updatedAt: 't2', deleted: true },
      ],
    });
  });

  it('names a missing metadata column and a column of the wrong length', () => {
    const { version: _dropped, ...noVersion } = meta;
    expect(recordsFromColumns(base(noVersion))).toEqual({ ok: false, error: 'teachers: column "version" is missing' });
    expect(recordsFromColumns(base({ ...meta, lastName: ['only one'] }))).toEqual({
      ok: false,
      error: 'teachers: column "lastName" has 1 values, not 2',
    });
  });
});
