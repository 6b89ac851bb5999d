import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

const url = process.env.TEST_DATABASE_URL;

// PostgreSQL only: PGlite has no server process that could drop a connection.
describe.skipIf(!url)('a PostgreSQL connection dropped while idle (needs TEST_DATABASE_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database: 'postgres' });
  });
  afterAll(() => server?.close());

  it('costs the server nothing: the pool discards it and the next request reconnects', async () => {
    // Warm the pool so idle connections exist, then end every backend of this database but ours.
    await Promise.all(Array.from({ length: 4 }, () => server.db.execute(sql`SELECT pg_sleep(0.05)`)));
    // node-postgres result shape (this suite runs on PostgreSQL only).
    const current = (await server.db.execute(sql`SELECT current_database() AS name`)) as unknown as {
      rows: { name: string }[];
    };
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query(
        // The timeout (PostgreSQL 14+) waits until each backend has really ended.
        'SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [current.rows[0]?.name],
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The idle connections' errors arrive asynchronously; without a listener they end this process (vitest
    // then fails the run with "terminating connection due to administrator command"). A request that
    // races a connection whose error has not arrived yet may fail once; the server must go on serving.
    await expect
      .poll(async () => (await server.request('demo', 'GET', '/api/schools')).status, { timeout: 10_000 })
      .toBe(200);
  });
});
