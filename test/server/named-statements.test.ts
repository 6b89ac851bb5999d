import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boundPreparedStatements, PREPARED_PER_CONNECTION } from '../../src/server/db/prepared-statement-bound.js';
import { frozenSql } from '../../src/server/db/server-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Raw statements are prepared by name, so PostgreSQL parses and plans each text once per connection
 * instead of on every sync; each connection keeps only the statements it used most recently, so texts
 * that vary cannot fill its memory for as long as it lives.
 *
 * Test files share their worker's modules: each test that needs names imports a fresh copy of the
 * module, so what it sees does not depend on the files that ran before it.
 */
async function freshModule() {
  vi.resetModules();
  return import('../../src/server/db/server-database.js');
}

describe('statement names', () => {
  it('gives one text one name and two texts two names', async () => {
    const { statementName } = await freshModule();
    const a = statementName('SELECT 1 AS probe_a');
    expect(a).toMatch(/^fs_[0-9a-f]{32}$/);
    expect(statementName('SELECT 1 AS probe_a')).toBe(a);
    expect(statementName('SELECT 1 AS probe_b')).not.toBe(a);
  });

  it('freezes a fragment without parameters to the text it compiles to, and refuses one with parameters', () => {
    const dialect = new PgDialect();
    const fragment = sql`json_build_object('name', ${sql.identifier('t')}.${sql.identifier('first_name')})`;
    const around = (inner: ReturnType<typeof sql>) => dialect.sqlToQuery(sql`SELECT ${inner} FROM t WHERE t.id = ${7}`);
    expect(around(frozenSql(fragment))).toEqual(around(fragment));
    expect(around(frozenSql(fragment)).sql).toBe(
      `SELECT json_build_object('name', "t"."first_name") FROM t WHERE t.id = $1`,
    );
    expect(() => frozenSql(sql`t.id = ${7}`)).toThrow(/has parameters/);
  });
});

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('named-statements.test.ts: TEST_DATABASE_URL is not set; the PostgreSQL part is skipped');

describe.skipIf(!url)('prepared statements on PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none', database: 'postgres' });
  });
  afterAll(async () => server?.close());

  it('runs a raw statement as a named prepared statement on its connection, and again with new values', async () => {
    const { queryRow, queryRows } = await freshModule();
    const probe = (n: number) => sql`SELECT ${n}::int + 1 AS next, 'named-statement probe' AS tag`;
    const seen = await server.db.transaction(async (tx) => {
      const first = await queryRow<{ next: number }>(tx, probe(1));
      const second = await queryRow<{ next: number }>(tx, probe(41));
      // Same connection: the transaction's.
      const prepared = await queryRows<{ name: string; statement: string }>(
        tx,
        sql`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%named-statement probe%'
              AND statement NOT LIKE '%pg_prepared_statements%'`,
      );
      return { first: first?.next, second: second?.next, prepared };
    });
    expect(seen.first).toBe(2);
    expect(seen.second).toBe(42);
    expect(seen.prepared).toHaveLength(1);
    expect(seen.prepared[0]?.name).toMatch(/^fs_[0-9a-f]{32}$/);
  });

  it("keeps each of the server's connections to the statements it used most recently", async () => {
    const { queryRow, queryRows } = await freshModule();
    // One more text than a connection keeps, one after the other: the pool hands the same idle
    // connection back each time (and to the count below).
    const tag = `bound-${Date.now()}`;
    for (let n = 0; n <= PREPARED_PER_CONNECTION; n++) {
      const row = await queryRow<{ n: number }>(server.db, sql.raw(`SELECT ${n} AS n, '${tag}' AS tag`));
      expect(row?.n).toBe(n);
    }
    const kept = await queryRows<{ name: string }>(
      server.db,
      sql.raw(
        `SELECT name FROM pg_prepared_statements WHERE statement LIKE '%${tag}%' AND statement NOT LIKE '%pg_prepared%'`,
      ),
    );
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(PREPARED_PER_CONNECTION);
  });
});

describe.skipIf(!url)('the bound on prepared statements per connection (needs TEST_DATABASE_URL)', () => {
  // A pool of its own with one connection, so every query below meets the same connection.
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 1 });
    boundPreparedStatements(pool, 3);
  });
  afterAll(async () => pool?.end());

  const text = (label: string) => `SELECT '${label}'::text AS label`;
  const run = async (label: string) => {
    const result = await pool.query({ name: `fs_probe_${label}`, text: text(label) });
    return result.rows[0]?.label as string;
  };
  const prepared = async () =>
    (
      await pool.query<{ name: string }>(
        "SELECT name FROM pg_prepared_statements WHERE name LIKE 'fs_probe_%' ORDER BY name",
      )
    ).rows.map((r) => r.name);

  it('deallocates the least recently used statements past the bound when a connection goes back to the pool', async () => {
    // Prepared in the order a, b, hot, c, d, e; used last: d, hot, e. Kept by first use (not by last)
    // it would be c, d, e.
    for (const label of ['a', 'b', 'hot', 'c', 'hot', 'd', 'hot', 'e']) expect(await run(label)).toBe(label);
    expect(await prepared()).toEqual(['fs_probe_d', 'fs_probe_e', 'fs_probe_hot']);
  });

  it('prepares a deallocated text anew, even for the query that was waiting for the connection', async () => {
    // `a` was deallocated above. `f` takes the connection; `a` waits for it and runs right after `f`'s
    // release deallocates `d` — the driver must neither think `a` or `d` still prepared nor prepare
    // them twice.
    const [f, a] = await Promise.all([run('f'), run('a')]);
    expect([f, a]).toEqual(['f', 'a']);
    expect(await run('d')).toBe('d');
    expect((await prepared()).length).toBeLessThanOrEqual(3);
    expect(await prepared()).toContain('fs_probe_d');
  });
});
