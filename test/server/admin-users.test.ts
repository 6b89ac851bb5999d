import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { firstSignIn } from '../support/auth-calls.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** `npm run admin -- user …`: accounts without editing the database; taking a right away is immediate. */
describe('account administration (pglite)', () => {
  let server: TestServer;
  let admin: UserAdmin;
  let organisationId: string;
  let districtOne: string;
  let districtTwo: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny' });
    admin = new UserAdmin(server.db);
    organisationId = server.facts?.demo.organisationId ?? '';
    districtOne = server.facts?.demo.districts.find((d) => d.name === 'District 1')?.id ?? '';
    districtTwo = server.facts?.demo.districts.find((d) => d.name === 'District 2')?.id ?? '';
  });
  afterAll(() => server?.close());

  const login = async (username: string, password: string) => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, body: (await res.json()) as { token?: string; error?: { message: string } } };
  };
  const pull = async (token: string) =>
    (
      await fetch(`${server.url}/api/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cursors: {}, limit: 1 }),
      })
    ).status;

  it('adds a user who can sign in; refuses weak passwords, a taken name and districts of nowhere', async () => {
    const base = { displayName: 'Officer Wanjiru', organisationId, districtIds: [districtOne] };
    expect(await admin.add({ ...base, username: 'wanjiru', password: 'short' })).toMatchObject({
      ok: false,
      error: { field: 'password', message: expect.stringMatching(/10 characters/) },
    });
    expect(await admin.add({ ...base, username: 'wanjiru', password: 'wanjiru-2026!' })).toMatchObject({
      ok: false,
      error: { field: 'password', message: expect.stringMatching(/username/) },
    });
    expect(
      await admin.add({ ...base, username: 'wanjiru', password: 'correct horse', districtIds: [organisationId] }),
    ).toMatchObject({ ok: false, error: { field: 'districtIds', code: 'NOT_FOUND' } });
    expect(await admin.add({ ...base, username: 'wanjiru', password: 'correct horse' })).toMatchObject({ ok: true });
    expect(await admin.add({ ...base, username: 'wanjiru', password: 'correct horse' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', field: 'username' },
    });
    // The password the administrator set works once: the first sign-in chooses the officer's own.
    expect((await login('wanjiru', 'correct horse')).status).toBe(403);
    const signedIn = await firstSignIn(server.url, 'wanjiru', 'correct horse', 'Nairobi morning 42');
    expect(signedIn.status).toBe(200);
    expect(await pull(signedIn.body.token ?? '')).toBe(200);
    expect((await admin.list()).find((u) => u.username === 'wanjiru')).toMatchObject({
      districtIds: [districtOne],
      disabled: false,
      sessions: 1,
    });
  });

  it('disabling ends the sessions at once and refuses sign-in; enabling lets the user back', async () => {
    const { body } = await login('wanjiru', 'Nairobi morning 42');
    expect(await pull(body.token ?? '')).toBe(200);
    expect(await admin.setDisabled('wanjiru', true)).toMatchObject({ ok: true });
    expect(await pull(body.token ?? '')).toBe(401);
    const refused = await login('wanjiru', 'Nairobi morning 42');
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toMatch(/disabled/);
    expect((await admin.list()).find((u) => u.username === 'wanjiru')).toMatchObject({ disabled: true, sessions: 0 });
    expect(await admin.setDisabled('wanjiru', false)).toMatchObject({ ok: true });
    expect((await login('wanjiru', 'Nairobi morning 42')).status).toBe(200);
  });

  it('a new password ends every session and the old password stops working', async () => {
    const { body } = await login('wanjiru', 'Nairobi morning 42');
    expect(await admin.resetPassword('wanjiru', 'abc')).toMatchObject({ ok: false, error: { field: 'password' } });
    expect(await pull(body.token ?? '')).toBe(200);
    expect(await admin.resetPassword('wanjiru', 'battery staple 9')).toMatchObject({ ok: true });
    expect(await pull(body.token ?? '')).toBe(401);
    expect((await login('wanjiru', 'Nairobi morning 42')).status).toBe(401);
    expect((await login('wanjiru', 'battery staple 9')).status).toBe(403);
    expect((await firstSignIn(server.url, 'wanjiru', 'battery staple 9', 'Kisumu evening 43')).status).toBe(200);
    expect(await admin.resetPassword('nobody', 'battery staple 9')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('set-districts changes what the user reads at the next request', async () => {
    const { body } = await login('wanjiru', 'Kisumu evening 43');
    const districtOf = async () => {
      const res = await fetch(`${server.url}/api/schools?limit=1000`, {
        headers: { authorization: `Bearer ${body.token}` },
      });
      const page = (await res.json()) as { items: { districtId: string }[] };
      return [...new Set(page.items.map((s) => s.districtId))];
    };
    expect(await districtOf()).toEqual([districtOne]);
    expect(await admin.setDistricts('wanjiru', [districtTwo])).toMatchObject({ ok: true });
    expect(await districtOf()).toEqual([districtTwo]);
    expect(await admin.setDistricts('wanjiru', ['not-a-uuid'])).toMatchObject({
      ok: false,
      error: { field: 'districtIds' },
    });
  });
});
