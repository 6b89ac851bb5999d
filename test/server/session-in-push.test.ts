import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { queryRow } from '../../src/server/db/server-database.js';
import type { OpResult, PushOp, SyncResponse } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, schoolFields } from './helpers/records.js';

/**
 * A push checks a session this process has seen before in its own first statement instead of a lookup
 * before it (session-check.ts): whatever happened to the session since its last request — signed out,
 * expired, disabled, moved to other districts — the push is answered as if the session had been looked
 * up first, and nothing of a refused push is written.
 */
describe.each(testDatabases)('the session checked in the push (%s)', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
  });
  afterAll(() => server?.close());

  const districts = () => {
    const [one, two] = server.facts?.demo.districts ?? [];
    if (!one || !two) throw new Error('the tiny deployment has two districts');
    return { one: one.id, two: two.id };
  };

  /** A signed-in device that has synced: its session is known to the server process, bound to it. */
  async function device(user: 'demo' | 'district') {
    const { token } = await server.login(user);
    const clientId = randomUUID();
    const sync = (push: PushOp[]) =>
      fetch(`${server.url}/api/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ cursors: {}, clientId, push, limit: 1 }),
      });
    // Twice: the first sync looked the session up and bound it to the device; now it is known bound,
    // so the device's pushes go on unchecked (a session known unbound is looked up before binding).
    expect((await sync([])).status).toBe(200);
    expect((await sync([])).status).toBe(200);
    return { token, sync };
  }

  /** A device holding everything its user may see (its next sync without a push is read at once). */
  async function upToDate(user: 'demo' | 'district') {
    const { token } = await server.login(user);
    const clientId = randomUUID();
    const sync = async (cursors: Record<string, string>) => {
      const res = await fetch(`${server.url}/api/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ cursors, clientId }),
      });
      return { status: res.status, body: (await res.json()) as SyncResponse & { error?: { message: string } } };
    };
    let cursors: Record<string, string> = {};
    for (let more = true; more; ) {
      const page = await sync(cursors);
      expect(page.status).toBe(200);
      cursors = { ...cursors, ...page.body.cursors };
      more = page.body.hasMore;
    }
    // Twice: the first sync looked the session up and bound it to the device; now it is known bound.
    expect((await sync(cursors)).status).toBe(200);
    return { token, cursors, sync };
  }

  const stored = async (op: PushOp) => ({
    school: await queryRow(server.db, sql`SELECT id FROM schools WHERE id = ${op.id}::uuid`),
    claim: await queryRow(server.db, sql`SELECT op_id FROM applied_ops WHERE op_id = ${op.opId}::uuid`),
  });

  it('goes on with a session seen before, and the push is applied', async () => {
    const { sync } = await device('demo');
    const op = create('school', schoolFields(districts().one));
    const res = await sync([op]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: OpResult[] }).results.map((r) => r.status)).toEqual(['applied']);
    expect(await stored(op)).toMatchObject({ school: { id: op.id }, claim: { op_id: op.opId } });
  });

  it('refuses a push whose session ended, expired or was disabled since its last sync, writing nothing', async () => {
    const ended = await device('demo');
    const logout = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ended.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(logout.status).toBe(204);
    const afterLogout = create('school', schoolFields(districts().one));
    const refused = await ended.sync([afterLogout]);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: /not valid/ } });
    expect(await stored(afterLogout)).toEqual({ school: undefined, claim: undefined });

    const expiring = await device('demo');
    server.setClock(() => new Date(Date.now() + 8 * 24 * 3600 * 1000));
    const afterExpiry = create('school', schoolFields(districts().one));
    try {
      const res = await expiring.sync([afterExpiry]);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: /expired/ } });
    } finally {
      server.setClock(() => new Date());
    }
    expect(await stored(afterExpiry)).toEqual({ school: undefined, claim: undefined });

    // Disabled in the table alone (the admin's disabling also ends the sessions): the check reads it.
    const disabled = await device('demo');
    await server.db.execute(sql`UPDATE users SET disabled = true WHERE username = 'demo'`);
    const afterDisabling = create('school', schoolFields(districts().one));
    try {
      const res = await disabled.sync([afterDisabling]);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: /disabled/ } });
    } finally {
      await server.db.execute(sql`UPDATE users SET disabled = false WHERE username = 'demo'`);
    }
    expect(await stored(afterDisabling)).toEqual({ school: undefined, claim: undefined });
  });

  it('a push after the user’s districts changed is handled with the districts the user has now', async () => {
    const { one, two } = districts();
    const { sync } = await device('district');
    const before = await queryRow<{ ids: string[] }>(
      server.db,
      sql`SELECT district_ids::text[] AS ids FROM users WHERE username = 'district'`,
    );
    expect(before?.ids).toEqual([one]);
    await server.db.execute(sql`UPDATE users SET district_ids = ARRAY[${two}::uuid] WHERE username = 'district'`);
    try {
      const inOld = create('school', schoolFields(one));
      const inNew = create('school', schoolFields(two));
      const res = await sync([inOld, inNew]);
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as { results: OpResult[] };
      expect(results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(await stored(inOld)).toEqual({ school: undefined, claim: undefined });
      expect((await stored(inNew)).school).toEqual({ id: inNew.id });
    } finally {
      await server.db.execute(sql`UPDATE users SET district_ids = ARRAY[${one}::uuid] WHERE username = 'district'`);
    }
  });

  it('a sync without a push checks the session in its read: refused once signed out, read with the districts of now', async () => {
    const signedOut = await upToDate('demo');
    const logout = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${signedOut.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(logout.status).toBe(204);
    const refused = await signedOut.sync(signedOut.cursors);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/not valid/) },
    });

    const { one, two } = districts();
    const moved = await upToDate('district');
    // As the administrator moves an officer (the change is logged for the catch-up of their devices).
    const admin = new UserAdmin(server.db);
    expect((await admin.setDistricts('district', [two])).ok).toBe(true);
    try {
      const res = await moved.sync(moved.cursors);
      expect(res.status).toBe(200);
      // District 2's schools arrive and District 1's are let go, as after a lookup.
      const schools = res.body.changes.find((c) => c.collection === 'schools')?.items ?? [];
      expect(schools.length).toBeGreaterThan(0);
      expect(schools.every((s) => (s as { districtId?: string }).districtId === two)).toBe(true);
      const letGo = res.body.removals?.find((r) => r.collection === 'schools')?.ids ?? [];
      expect(letGo.length).toBeGreaterThan(0);
    } finally {
      expect((await admin.setDistricts('district', [one])).ok).toBe(true);
    }
  });
});
