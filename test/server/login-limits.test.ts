import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS, HashGate, HashingBusy } from '../../src/server/auth/login-guard.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Login cannot be brute-forced or flooded: rate limits, growing lockouts, bounded hashing. */
describe('login limits', () => {
  let server: TestServer;
  let clock = Date.now();
  beforeAll(async () => {
    server = await startTestServer({
      seed: 'tiny',
      now: () => new Date(clock),
      limits: {
        login: {
          ...DEFAULT_LOGIN_LIMITS,
          perAddressPerMinute: 1_000,
          perUsernamePerMinute: 12,
          freeFailures: 3,
          firstLockoutMs: 2_000,
        },
      },
    });
  });
  afterAll(() => server?.close());

  const attempt = (username: string, password: string) =>
    server.request(null, 'POST', '/api/auth/login', { username, password });

  it('locks a username out after repeated wrong passwords, for growing delays, even for the right one', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('demo', 'wrong')).status).toBe(401);
    expect((await attempt('demo', 'wrong')).status).toBe(401); // the 4th failure locks for 2 s
    const locked = await attempt('demo', 'demo');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('2');
    expect(locked.body).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/try again/) } });

    clock += 2_100;
    expect((await attempt('demo', 'wrong')).status).toBe(401); // the 5th locks for 4 s
    const longer = await attempt('demo', 'demo');
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('4');

    clock += 4_100;
    expect((await attempt('demo', 'demo')).status).toBe(200);
    // A success clears the count.
    expect((await attempt('demo', 'wrong')).status).toBe(401);
    expect((await attempt('demo', 'demo')).status).toBe(200);
  });

  it('rate-limits logins naming one username with 429, Retry-After and the JSON error body', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 14; i++) answers.push((await attempt('district', i % 2 ? 'district' : 'nope')).status);
    expect(answers.slice(0, 12).every((s) => s === 200 || s === 401)).toBe(true);
    const refused = await attempt('district', 'district');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    // Another username from the same address is not affected.
    expect((await attempt('other', 'other')).status).toBe(200);
  });

  it('rate-limits logins from one address through @fastify/rate-limit, whatever the username', async () => {
    const strict = await startTestServer({
      seed: 'tiny',
      limits: { login: { ...DEFAULT_LOGIN_LIMITS, perAddressPerMinute: 3 } },
    });
    try {
      const statuses: number[] = [];
      for (const user of ['demo', 'district', 'other', 'demo'] as const) {
        statuses.push((await strict.request(null, 'POST', '/api/auth/login', strict.users[user])).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await strict.request(null, 'POST', '/api/auth/login', strict.users.other);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({
        error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/try again/) },
      });
    } finally {
      await strict.close();
    }
  });

  it('computes a bounded number of password hashes at once and refuses beyond its queue', async () => {
    const gate = new HashGate(2, 3);
    let running = 0;
    let most = 0;
    const work = () =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 7 }, work));
    expect(most).toBe(2);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([
      expect.any(HashingBusy),
      expect.any(HashingBusy),
    ]);
  });
});
