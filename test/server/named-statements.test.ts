import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { frozenSql } from '../../src/server/db/server-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Raw statements are prepared by name, so PostgreSQL parses and plans each text once per connection
 * instead of on every sync; the number of names is bounded so statements whose text varies cannot
 * fill every connection's statement cache.
 *
 * The names live in the module, and test files share their worker's modules: other files may have
 * spent the budget already, so each test that needs names imports a fresh copy of the module.
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

  it('stops naming new texts once the budget is spent, and keeps the names it gave', async () => {
    const { statementName, MAX_NAMED_STATEMENTS } = await freshModule();
    const first = statementName('SELECT 2 AS kept');
    for (let n = 0; n < MAX_NAMED_STATEMENTS; n++) statementName(`SELECT ${n} AS filler`);
    expect(statementName('SELECT 3 AS one_too_many')).toBeUndefined();
    expect(statementName('SELECT 2 AS kept')).toBe(first);
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
});
