import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionPage } from '../../src/shared/protocol/records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const url = process.env.TEST_DATABASE_URL;

// PostgreSQL only: PGlite has no server process that could drop a connection.
describe.skipIf(!url)('a PostgreSQL connection dropped while idle (needs TEST_DATABASE_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database: 'postgres' });
  });
  afterAll(() => server?.close());

  it('costs the server nothing: every request after the kill is answered', async () => {
    // Sign in first (the token is reused), then fill the pool (10 connections) so only idle ones remain.
    expect((await server.request('demo', 'GET', '/api/schools?limit=1')).status).toBe(200);
    await Promise.all(Array.from({ length: 10 }, () => server.db.execute(sql`SELECT pg_sleep(0.05)`)));
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
      expect(killed.rowCount).toBeGreaterThanOrEqual(10);
    } finally {
      await admin.end();
    }
    // No request may fail: not a read, not a sign-in (a write outside a transaction), not a sync push (a
    // write transaction). More at once than the pool holds, so a dead connection cannot hide behind a new one.
    const reads = Array.from({ length: 24 }, async () => (await server.request('demo', 'GET', '/api/schools')).status);
    const logins = Array.from({ length: 4 }, async () => (await server.login('district')).token.length > 0);
    const page = await server.request('demo', 'GET', '/api/teachers?limit=1');
    expect(page.status).toBe(200);
    const teacher = (page.body as CollectionPage).items[0];
    if (!teacher) throw new Error('the tiny seed has teachers');
    const pushed = await server.writeAs({}, [
      {
        opId: randomUUID(),
        entity: 'teacher',
        id: teacher.id,
        baseVersion: teacher.version,
        changes: { qualification: 'after the kill' },
      },
    ]);
    expect(pushed.map((r) => r.status)).toEqual(['applied']);
    expect(await Promise.all(reads)).toEqual(Array.from({ length: 24 }, () => 200));
    expect(await Promise.all(logins)).toEqual([true, true, true, true]);
  });
});
