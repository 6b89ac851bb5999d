import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgTransaction, queryRowsThen } from '../../src/server/db/pg-transaction.js';
import { queryRow, queryRows } from '../../src/server/db/server-database.js';
import { lockPushRows } from '../../src/server/sync/lock-plan.js';
import { type AtOnceRow, locksAtOnce } from '../../src/server/sync/locks-at-once.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { create, remove, schoolFields, teacherFields, update, visitFields } from './helpers/records.js';

/**
 * A push's locks planned and taken in one statement that travels with the claim (issue #11: one round
 * trip fewer a push). The statement reads the parents of the rows it locks without a lock, as the plan
 * before it did: a row moved meanwhile must still get its new parent locked before anything is written.
 */
const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('locks-at-once.test.ts: TEST_DATABASE_URL is not set; the PostgreSQL tests are skipped');

const def = (name: string) => {
  const found = entityGraph.byName.get(name);
  if (!found) throw new Error(`${name} is declared`);
  return found;
};

describe('which pushes lock at once', () => {
  it('creates and edits do; a delete or a move of a record with children does not; a leaf’s delete does', () => {
    const school = randomUUID();
    const teacher = randomUUID();
    expect(locksAtOnce(entityGraph, [create('teacher', teacherFields(school))])).toBeDefined();
    expect(locksAtOnce(entityGraph, [update('teacher', teacher, 2, { phone: '+254 700 1' })])).toBeDefined();
    expect(locksAtOnce(entityGraph, [remove('teacher', teacher, 2)])).toBeUndefined();
    expect(locksAtOnce(entityGraph, [update('teacher', teacher, 2, { schoolId: school })])).toBeUndefined();
    expect(locksAtOnce(entityGraph, [remove('teacherVisit', randomUUID(), 1)])).toBeDefined();
    // Nothing of a declared type to lock (validation rejects the op later).
    expect(locksAtOnce(entityGraph, [create('nothing', {})])).toBeUndefined();
  });
});

describe.skipIf(!url)('locks at once (PostgreSQL, needs TEST_DATABASE_URL)', () => {
  let server: TestServer;
  let other: pg.Client;
  const seen: string[] = [];
  const query = pg.Client.prototype.query;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database: 'postgres' });
    other = new pg.Client({ connectionString: server.databaseUrl });
    await other.connect();
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [config] = args as [string | { text?: string }];
      seen.push(typeof config === 'string' ? config : (config.text ?? '?'));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await other?.end();
    await server?.close();
  });

  async function place() {
    const [district] = server.facts?.demo.districts ?? [];
    const from = create('school', schoolFields(district?.id ?? '', 'From Primary'));
    const to = create('school', schoolFields(district?.id ?? '', 'To Primary'));
    const teacher = create('teacher', teacherFields(from.id));
    const visit = create('schoolVisit', visitFields(from.id));
    const results = await server.writeAs({}, [from, to, teacher, visit]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    return { from: from.id, to: to.id, teacher: teacher.id, visit: visit.id };
  }

  it('locks what the ops name and the parents their rows reference now, in one statement', async () => {
    const { from, to, teacher, visit } = await place();
    const ops = [
      update('teacher', teacher, 1, { phone: '+254 700 2' }),
      create('teacherVisit', { schoolVisitId: visit, teacherId: teacher, subject: 'Maths' }),
    ];
    const atOnce = locksAtOnce(entityGraph, ops);
    if (!atOnce) throw new Error('an edit and a create lock at once');
    const held = await server.db.transaction(async (tx) => {
      const rows = await queryRows<AtOnceRow>(tx, atOnce.statement);
      // While it is held, another session cannot delete the edited teacher's school nor edit the teacher.
      await other.query("SET lock_timeout = '200ms'");
      await expect(other.query('DELETE FROM schools WHERE id = $1', [from])).rejects.toThrow(/lock timeout/);
      await expect(other.query("UPDATE teachers SET phone = 'x' WHERE id = $1", [teacher])).rejects.toThrow(
        /lock timeout/,
      );
      // An unrelated school is not locked.
      await other.query('SELECT id FROM schools WHERE id = $1 FOR UPDATE', [to]);
      await other.query('RESET lock_timeout');
      return atOnce.held(rows);
    });
    expect(held.plan.covers(def('teacher'), teacher, 'no key update')).toBe(true);
    expect(held.plan.covers(def('school'), from, 'key share')).toBe(true);
    expect(held.plan.covers(def('schoolVisit'), visit, 'key share')).toBe(true);
    expect(held.plan.covers(def('school'), to, 'key share')).toBe(false);
    expect(held.rows.get('teacher')?.get(teacher)?.fields.schoolId).toBe(from);
  });

  it('a row moved to another parent while its lock waited gets its new parent locked too', async () => {
    const { from, to, teacher } = await place();
    const ops = [update('teacher', teacher, 1, { phone: '+254 700 3' })];
    const atOnce = locksAtOnce(entityGraph, ops);
    if (!atOnce) throw new Error('an edit locks at once');
    // Another session moves the teacher and holds its row until after the statement has read the old school.
    await other.query('BEGIN');
    await other.query('UPDATE teachers SET school_id = $1 WHERE id = $2', [to, teacher]);
    const held = await server.db.transaction(async (tx) => {
      const waiting = queryRows<AtOnceRow>(tx, atOnce.statement);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('COMMIT');
      const taken = atOnce.held(await waiting);
      // The statement locked the school it saw; the teacher came back as it is under its lock.
      expect(taken.plan.covers(def('school'), from, 'key share')).toBe(true);
      expect(taken.plan.covers(def('school'), to, 'key share')).toBe(false);
      expect(taken.rows.get('teacher')?.get(teacher)?.fields.schoolId).toBe(to);
      const locked = await lockPushRows(tx, entityGraph, ops, { taken });
      // Now the new school is locked: nobody can delete it before this push writes.
      await other.query("SET lock_timeout = '200ms'");
      await expect(other.query('DELETE FROM schools WHERE id = $1', [to])).rejects.toThrow(/lock timeout/);
      await other.query('RESET lock_timeout');
      return locked;
    });
    expect(held.plan.covers(def('school'), to, 'key share')).toBe(true);
  });

  it('rides in the first statement’s round trip once prepared on the connection; a failure in it leaves the connection usable', async () => {
    // A text of this test alone: no connection has it prepared yet. Sequential transactions reuse the
    // connection released last.
    const marker = randomUUID().replace(/-/g, '');
    const dividedBy = (by: number) => sql`SELECT 10 / ${by}::int AS q, ${sql.raw(`'${marker}'`)}::text AS m`;
    const run = (by: number) =>
      pgTransaction(server.db, async (tx) => {
        const [[first], [second]] = await queryRowsThen<{ n: number }, { q: number }>(
          tx,
          sql`SELECT 1 AS n`,
          dividedBy(by),
        );
        return { value: [first?.n, second?.q] };
      });
    seen.length = 0;
    expect(await run(2)).toEqual([1, 5]);
    // Not prepared on the connection yet: sent after the first statement's answer, and prepared by name.
    expect(seen.filter((text) => text.includes(marker))).toHaveLength(1);
    const apart = seen.length;
    seen.length = 0;
    expect(await run(5)).toEqual([1, 2]);
    // Prepared now: one query call carries both.
    expect(seen.length).toBe(apart - 1);
    expect(seen.some((text) => text.includes(marker))).toBe(false);
    // The failure of the second statement is the first one's (drizzle names the statement it sent), with
    // PostgreSQL's error and code as its cause: what the write transaction's retry looks at.
    const failed = await run(0).then(
      () => undefined,
      (error: Error & { cause?: { message?: string; code?: string } }) => error.cause,
    );
    expect(failed).toMatchObject({ message: 'division by zero', code: '22012' });
    // The failure rolled the transaction back and the connection still knows what it has prepared.
    expect(await run(1)).toEqual([1, 10]);
    const open = await queryRow<{ n: number }>(
      server.db,
      sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction (aborted)'`,
    );
    expect(open?.n).toBe(0);
  });
});
