import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/db/server-database.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';

describe.each(testDatabases)('authentication (%s)', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
  });
  afterAll(() => server?.close());

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('signs a user in and says who they are and what they may see', async () => {
    const demo = await server.login('demo');
    expect(demo.token.length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(demo.expiresAt)).toBeGreaterThan(Date.now());
    expect(demo.user).toMatchObject({
      username: 'demo',
      organisationId: server.facts?.demo.organisationId,
      districtIds: null,
    });
    const district = await server.login('district');
    const districtOne = server.facts?.demo.districts.find((d) => d.name === 'District 1');
    expect(district.user.districtIds).toEqual([districtOne?.id]);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await post('/api/auth/login', { username: 'demo', password: 'nope' });
    const unknown = await post('/api/auth/login', { username: 'nobody', password: 'demo' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('names the missing field of a malformed login', async () => {
    const res = await post('/api/auth/login', { username: 'demo' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'password' } });
  });

  it.each([
    ['missing', undefined],
    ['garbage', 'not-a-real-token-at-all-0123456789'],
    ['malformed', 'a b'],
  ])('answers 401 to a %s token on every protected endpoint', async (_what, token) => {
    for (const [method, path] of [
      ['POST', '/api/sync'],
      ['GET', '/api/schools'],
      ['GET', `/api/schools/${server.facts?.demo.districts[0]?.id}`],
      ['POST', '/api/auth/logout'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(method === 'POST' ? { body: JSON.stringify({ cursors: {} }) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('expires a session after its lifetime on the server clock', async () => {
    const { token } = await server.login('demo');
    expect((await post('/api/sync', { cursors: {} }, token)).status).toBe(200);
    const later = Date.now() + 8 * 24 * 3600 * 1000;
    server.setClock(() => new Date(later));
    try {
      const res = await post('/api/sync', { cursors: {} }, token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/) },
      });
    } finally {
      server.setClock(() => new Date());
    }
  });

  it('ends a session on logout', async () => {
    const { token } = await server.login('demo');
    expect((await post('/api/auth/logout', {}, token)).status).toBe(204);
    expect((await post('/api/sync', { cursors: {} }, token)).status).toBe(401);
  });

  it('stores scrypt hashes, never passwords or tokens', async () => {
    const { token } = await server.login('other');
    const users = await queryRows<{ username: string; password_hash: string }>(
      server.db,
      sql`SELECT username, password_hash FROM users`,
    );
    expect(users).toHaveLength(3);
    for (const user of users) {
      expect(user.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      expect(user.password_hash).not.toContain(`$${user.username}$`);
    }
    const sessions = await queryRows<{ token_hash: string }>(server.db, sql`SELECT token_hash FROM sessions`);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.some((s) => s.token_hash === token)).toBe(false);
  });
});
