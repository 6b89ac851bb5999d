import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import type { ServerPlugin } from '../../src/server/server-context.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { SyncRequest } from '../../src/shared/protocol/sync.js';
import { create, schoolFields, update } from '../server/helpers/records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { openClient, type TestClient, tempDir } from './helpers/engine-env.js';

const hour = 60 * 60_000;
const reference = entityGraph.ordered.filter((d) => d.referenceData).map((d) => d.collection);

/**
 * The reference-data cache against the real server: within its TTL a sync names only the everyday
 * collections (the server reads nothing else), a page that needs a parent the cache skipped makes the
 * engine ask again with everything, "Sync now" refreshes, and the TTL runs on the server's clock.
 */
describe('reference data cache over real syncs', () => {
  let server: TestServer;
  let tmp: ReturnType<typeof tempDir>;
  let c: TestClient;
  const requests: SyncRequest[] = [];
  let now = Date.UTC(2026, 2, 2, 8);

  beforeAll(async () => {
    // What each sync request asked for, as the server parsed it.
    const recorder: ServerPlugin = {
      name: 'test-recorder',
      public(app) {
        app.addHook('preHandler', async (request) => {
          if (request.url === '/api/sync') requests.push(request.body as SyncRequest);
        });
      },
    };
    server = await startTestServer({ seed: 'tiny', plugins: [recorder], now: () => new Date(now) });
    tmp = tempDir('fieldsync-refcache-');
    c = openClient(server.url, join(tmp.dir, 'client.db'), { client: { referenceTtlMs: 6 * hour } });
    expect((await c.client.engine.sync()).error).toBeUndefined();
  });
  afterAll(async () => {
    c?.close();
    await server?.close();
    tmp?.cleanup();
  });

  const district = (name: string) => server.facts?.demo.districts.find((d) => d.name === name)?.id ?? '';
  const localName = (table: string, id: string) =>
    rawConnection(c.store).sqlite.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck().get(id) as
      | string
      | undefined;
  const serverVersion = async (collection: string, id: string) =>
    ((await server.request('demo', 'GET', `/api/${collection}/${id}`)).body as { version: number }).version;
  async function sync(options?: { refreshReferenceData: boolean }) {
    requests.length = 0;
    const summary = await c.client.engine.sync(options);
    expect(summary.error).toBeUndefined();
    return requests.map((r) => r.collections ?? 'all');
  }

  it('leaves reference data out within the TTL and brings everyday changes', async () => {
    const one = district('District 1');
    await server.writeAs({}, [update('district', one, await serverVersion('districts', one), { name: 'Renamed 1' })]);
    const school = create('school', schoolFields(one, 'Cached Hill Primary'));
    await server.writeAs({}, [school]);
    now += hour;
    const asked = await sync();
    expect(asked).toHaveLength(1);
    expect(asked[0]).not.toBe('all');
    expect(asked[0]).toEqual(entityGraph.ordered.filter((d) => !d.referenceData).map((d) => d.collection));
    expect(Object.keys(requests[0]?.cursors ?? {}).some((k) => reference.includes(k))).toBe(false);
    expect(localName('schools', school.id)).toBe('Cached Hill Primary');
    expect(localName('districts', one)).toBe('District 1');
  });

  it('asks again with everything when a page needs a parent the cache skipped', async () => {
    const region = rawConnection(c.store)
      .sqlite.prepare('SELECT region_id FROM districts LIMIT 1')
      .pluck()
      .get() as string;
    const fresh = create('district', { regionId: region, name: 'District 99', code: 'D99' });
    const school = create('school', schoolFields(fresh.id, 'New District Primary'));
    await server.writeAs({}, [fresh, school]);
    const asked = await sync();
    expect(asked.at(-1)).toBe('all');
    expect(localName('districts', fresh.id)).toBe('District 99');
    expect(localName('schools', school.id)).toBe('New District Primary');
  });

  it('refreshes reference data when the officer presses Sync now', async () => {
    const two = district('District 2');
    await server.writeAs({}, [update('district', two, await serverVersion('districts', two), { name: 'Renamed 2' })]);
    expect(await sync()).not.toEqual(['all']);
    expect(localName('districts', two)).toBe('District 2');
    expect(await sync({ refreshReferenceData: true })).toEqual(['all']);
    expect(localName('districts', two)).toBe('Renamed 2');
  });

  it('asks about reference data again once it is older than the TTL on the server clock', async () => {
    const one = district('District 1');
    await server.writeAs({}, [
      update('district', one, await serverVersion('districts', one), { name: 'Renamed again' }),
    ]);
    now += 7 * hour;
    // This sync still trusts the cache (every type was last synced at the same server time)…
    expect(await sync()).not.toEqual(['all']);
    // …and moves the everyday types' last sync 7 h past the reference types': the next one asks.
    expect(await sync()).toEqual(['all']);
    expect(localName('districts', one)).toBe('Renamed again');
  });
});
