import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase, POOL_IDLE_MS, POOL_WARM } from '../../src/server/db/open-server-database.js';
import type { ServerDatabase } from '../../src/server/db/server-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * A sync on a new PostgreSQL connection costs ~10× one on a warm connection (the backend starts, fills
 * its caches, plans every statement again), so the server opens a few connections at start and keeps
 * them however long it idles; the others close after a while without work.
 */
const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('warm-pool.test: skipped — set TEST_DATABASE_URL to open PostgreSQL pools');

const poolOf = (database: ServerDatabase) => (database.db as unknown as { $client: pg.Pool }).$client;

describe.skipIf(!url)('the server’s PostgreSQL pool (postgres)', () => {
  let server: TestServer;
  const opened: ServerDatabase[] = [];
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none', database: 'postgres' });
  });
  afterAll(async () => {
    for (const database of opened) await database.close();
    await server?.close();
  });

  async function open(options: { poolWarm?: number; poolIdleMs?: number } = {}): Promise<pg.Pool> {
    const database = await openServerDatabase({ databaseUrl: server.databaseUrl ?? '', ...options });
    opened.push(database);
    return poolOf(database);
  }

  it('opens its warm connections at start and keeps them when the others idle out', async () => {
    const pool = await open({ poolWarm: 3, poolIdleMs: 200 });
    expect(pool.totalCount).toBe(3);
    // A busy moment takes every connection of the pool.
    await Promise.all(Array.from({ length: 10 }, () => pool.query('SELECT pg_sleep(0.05)')));
    expect(pool.totalCount).toBe(10);
    const backends = new Set(
      (
        await Promise.all(
          Array.from({ length: 10 }, () => pool.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.02)')),
        )
      ).map((result) => result.rows[0]?.pid as number),
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(pool.totalCount).toBe(3);
    // The connections left are ones that did the work before: warm, not new.
    const after = await Promise.all(
      Array.from({ length: 3 }, () => pool.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.02)')),
    );
    for (const result of after) expect(backends.has(result.rows[0]?.pid as number)).toBe(true);
    expect(pool.totalCount).toBe(3);
  });

  it('by default keeps POOL_WARM connections for good and the rest POOL_IDLE_MS', async () => {
    const pool = await open();
    expect(pool.totalCount).toBe(POOL_WARM);
    expect(pool.options).toMatchObject({ min: POOL_WARM, idleTimeoutMillis: POOL_IDLE_MS });
    expect(POOL_IDLE_MS).toBeGreaterThanOrEqual(60_000);
    // The server's own database is opened the same way.
    expect(poolOf(server.database).totalCount).toBeGreaterThanOrEqual(POOL_WARM);
  });
});
