import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { firstSignIn } from '../support/auth-calls.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';

/** `/api/admin/users…`: an organisation administrator manages their own organisation's accounts, nobody else's. */
describe.each(testDatabases)('the admin API (%s)', (database) => {
  let server: TestServer;
  let operator: UserAdmin;
  let districtTwo: string;
  let otherDistrict: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    operator = new UserAdmin(server.db);
    districtTwo = server.facts?.demo.districts.find((d) => d.name === 'District 2')?.id ?? '';
    otherDistrict = server.facts?.other.districts[0]?.id ?? '';
  });
  afterAll(() => server?.close());

  const login = async (username: string, password: string) =>
    fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('refuses an officer, and follows a role given or taken at once', async () => {
    const { token } = await server.login('demo');
    expect(await call(token, 'GET', '/api/admin/users')).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect((await operator.setRole('demo', 'admin')).ok).toBe(true);
    const listed = await call(token, 'GET', '/api/admin/users');
    expect(listed.status).toBe(200);
    const names = (listed.body.users as { username: string; role: string }[]).map((u) => u.username);
    // Their own organisation's users only: `other` belongs to the second organisation.
    expect(names).toEqual(expect.arrayContaining(['demo', 'district']));
    expect(names).not.toContain('other');
    expect((await operator.setRole('demo', 'officer')).ok).toBe(true);
    expect((await call(token, 'GET', '/api/admin/users')).status).toBe(403);
    expect((await operator.setRole('demo', 'admin')).ok).toBe(true);
  });

  it('adds an officer of their organisation who can sign in, and validates what it is given', async () => {
    const { token } = await server.login('demo');
    const officer = { username: 'amina.k', password: 'Kisumu-2026-visits', districtIds: [districtTwo] };
    const added = await call(token, 'POST', '/api/admin/users', officer);
    expect(added.status).toBe(201);
    expect((await login('amina.k', 'Kisumu-2026-visits')).status).toBe(403);
    const session = await firstSignIn(server.url, 'amina.k', 'Kisumu-2026-visits', 'Lake Naivasha 12');
    expect((session.body as { user?: { organisationId: string } }).user?.organisationId).toBe(
      server.facts?.demo.organisationId,
    );

    const weak = await call(token, 'POST', '/api/admin/users', { ...officer, username: 'weak.one', password: 'short' });
    expect(weak).toMatchObject({ status: 400, body: { error: { field: 'password' } } });
    const elsewhere = await call(token, 'POST', '/api/admin/users', {
      ...officer,
      username: 'x.y',
      districtIds: [otherDistrict],
    });
    expect(elsewhere).toMatchObject({ status: 404, body: { error: { field: 'districtIds' } } });
    const extra = await call(token, 'POST', '/api/admin/users', {
      ...officer,
      username: 'x.z',
      organisationId: 'nope',
    });
    expect(extra).toMatchObject({ status: 400, body: { error: { field: 'organisationId' } } });
  });

  it('disables, re-enables and resets within the organisation (sessions end at once); another organisation’s user does not exist here', async () => {
    const { token } = await server.login('demo');
    const district = await server.login('district');
    const pull = (t: string) => call(t, 'POST', '/api/sync', { cursors: {}, limit: 1 });
    expect((await pull(district.token)).status).toBe(200);
    expect((await call(token, 'POST', '/api/admin/users/district/disable')).status).toBe(200);
    expect((await pull(district.token)).status).toBe(401);
    expect((await login('district', 'district')).status).toBe(401);
    expect((await call(token, 'POST', '/api/admin/users/district/enable')).status).toBe(200);
    expect(
      (await call(token, 'POST', '/api/admin/users/district/password', { password: 'Nakuru-officer-77' })).status,
    ).toBe(200);
    // A new password from the administrator works once: the officer chooses their own at sign-in.
    expect((await login('district', 'Nakuru-officer-77')).status).toBe(403);
    expect(
      (await call(token, 'PUT', '/api/admin/users/district/districts', { districtIds: [districtTwo] })).status,
    ).toBe(200);
    const listed = await call(token, 'GET', '/api/admin/users');
    expect(
      (listed.body.users as { username: string; districtIds: string[] }[]).find((u) => u.username === 'district')
        ?.districtIds,
    ).toEqual([districtTwo]);

    const foreign = await call(token, 'POST', '/api/admin/users/other/disable');
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await login('other', 'other')).status).toBe(200);
    expect((await call(token, 'PUT', '/api/admin/users/other/role', { role: 'admin' })).status).toBe(404);
  });
});
