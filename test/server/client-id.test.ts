import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRequest, SyncResponse } from '../../src/shared/protocol/sync.js';
import { type DemoUser, startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { update } from './helpers/records.js';
import { someRecord } from './helpers/subtree.js';

/**
 * The sync `clientId` only ever names the caller's own device: the server keeps "who last wrote this"
 * per user and client id, so naming another user's client id cannot hide an edit from that user's device,
 * and a session is bound to the first client id it syncs with.
 */
describe.each(testDatabases)('the clientId is bound to the session (%s)', (database) => {
  let server: TestServer;
  let districtOne: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    districtOne = server.facts?.demo.districts.find((d) => d.name === 'District 1')?.id ?? '';
  });
  afterAll(() => server?.close());

  const signIn = async (user: DemoUser) => (await server.login(user)).token;
  const sync = async (token: string, body: SyncRequest) => {
    const res = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as SyncResponse & { error?: { code: string; field?: string } },
    };
  };
  const toEnd = async (token: string, clientId: string, cursors: Record<string, string> = {}) => {
    const items: { collection: string; id: string; version: number }[] = [];
    let current = cursors;
    for (let round = 0; round < 100; round++) {
      const res = await sync(token, { cursors: current, clientId });
      expect(res.status).toBe(200);
      for (const c of res.body.changes) for (const item of c.items) items.push({ collection: c.collection, ...item });
      current = res.body.cursors;
      if (!res.body.hasMore) break;
    }
    return { items, cursors: current };
  };

  it("another user naming a device's client id cannot hide an edit from that device", async () => {
    const victimDevice = randomUUID();
    const victim = await signIn('district');
    const { cursors } = await toEnd(victim, victimDevice);

    const school = await someRecord(server.db, 'schools', sql`district_id = ${districtOne}::uuid`);
    const attacker = await signIn('demo');
    const pushed = await sync(attacker, {
      cursors: {},
      clientId: victimDevice,
      limit: 1,
      push: [update('school', school.id, school.version, { name: 'Renamed behind your back' })],
    });
    expect(pushed.status).toBe(200);
    expect(pushed.body.results[0]).toMatchObject({ status: 'applied' });

    const after = await toEnd(victim, victimDevice, cursors);
    expect(after.items.filter((i) => i.id === school.id)).toEqual([
      expect.objectContaining({ id: school.id, version: school.version + 1, name: 'Renamed behind your back' }),
    ]);
  });

  it('a session syncs under one client id: another one is refused (401, naming clientId) and writes nothing', async () => {
    const token = await signIn('demo');
    const first = randomUUID();
    expect((await sync(token, { cursors: {}, clientId: first, limit: 1 })).status).toBe(200);

    const school = await someRecord(server.db, 'schools', sql`district_id = ${districtOne}::uuid`);
    const other = await sync(token, {
      cursors: {},
      clientId: randomUUID(),
      limit: 1,
      push: [update('school', school.id, school.version, { name: 'Should not be written' })],
    });
    expect(other.status).toBe(401);
    expect(other.body.error).toMatchObject({ code: 'UNAUTHORIZED', field: 'clientId' });
    expect((await someRecord(server.db, 'schools', sql`id = ${school.id}::uuid`)).version).toBe(school.version);

    // The bound client id (or none) still works on that session; a new sign-in may name another device.
    expect((await sync(token, { cursors: {}, clientId: first, limit: 1 })).status).toBe(200);
    expect((await sync(token, { cursors: {}, limit: 1 })).status).toBe(200);
    expect((await sync(await signIn('demo'), { cursors: {}, clientId: randomUUID(), limit: 1 })).status).toBe(200);
    // The same device signing in again keeps its id.
    expect((await sync(await signIn('demo'), { cursors: {}, clientId: first, limit: 1 })).status).toBe(200);
  });
});
