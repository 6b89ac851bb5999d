import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '../../src/shared/protocol/records.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { Gate } from './helpers/gate.js';
import { getPage, pullAll } from './helpers/pull.js';
import { create, schoolFields, teacherFields, update } from './helpers/records.js';

const ids = (items: readonly WireRecord[]) => items.map((r) => r.id);

describe.each(testDatabases)('the cursor is server-assigned and exact (%s)', (database) => {
  let server: TestServer;
  const gate = new Gate();
  let districtOne: string;
  let schoolId: string;

  beforeAll(async () => {
    server = await startTestServer({
      seed: 'tiny',
      database,
      hooks: { beforeFeedLock: () => gate.pass('beforeFeedLock'), beforeCommit: () => gate.pass('beforeCommit') },
    });
    districtOne = server.facts?.demo.districts[0]?.id ?? '';
    const school = create('school', schoolFields(districtOne));
    await server.writeAs({}, [school]);
    schoolId = school.id;
  });
  afterAll(() => server?.close());

  /** The cursor after everything so far in a collection. */
  const drained = async (collection: string) => (await pullAll(server, 'demo', collection)).cursor;

  it('pages hundreds of records sharing one timestamp across page boundaries without skipping or repeating', async () => {
    const at = new Date(Date.now() + 3_600_000);
    server.setClock(() => at);
    try {
      const start = await drained('teachers');
      const ops = Array.from({ length: 450 }, () => create('teacher', teacherFields(schoolId)));
      const results = await server.writeAs({}, ops);
      expect(results.every((r) => r.status === 'applied')).toBe(true);

      const byCursor = await pullAll(server, 'demo', 'teachers', start, 100);
      expect(byCursor.pages).toBe(5);
      expect(ids(byCursor.items)).toEqual(ops.map((op) => op.id));
      expect(new Set(byCursor.items.map((r) => r.updatedAt))).toEqual(new Set([at.toISOString()]));

      // The seed-compatible entry point: an ISO time starts the read, cursors continue it.
      const justBefore = new Date(at.getTime() - 1).toISOString();
      const byTime = await pullAll(server, 'demo', 'teachers', justBefore, 100);
      expect(ids(byTime.items)).toEqual(ops.map((op) => op.id));
      expect(byTime.cursor).toMatch(/^[0-9a-z]{1,10}\.[0-9a-z]{4}$/);
      expect(byTime.cursor).toBe(byCursor.cursor);
    } finally {
      server.setClock(() => new Date());
    }
  });

  it('misses nothing while several clients write concurrently', async () => {
    const start = await drained('teachers');
    const seen = new Map<string, number>();
    const pairs = new Set<string>();
    let cursor = start;
    const readPage = async () => {
      const page = await getPage(server, 'demo', 'teachers', cursor, 37);
      for (const item of page.items) {
        const key = `${item.id}@${item.version}`;
        expect(pairs.has(key), `${key} delivered twice`).toBe(false);
        pairs.add(key);
        seen.set(item.id, item.version);
      }
      cursor = page.nextCursor;
      return page;
    };
    let writing = true;
    const writers = Array.from({ length: 5 }, async () => {
      const clientId = randomUUID();
      for (let round = 0; round < 6; round++) {
        const ops = Array.from({ length: 15 }, () => create('teacher', teacherFields(schoolId)));
        const results = await server.writeAs({ clientId }, ops);
        const edits = ops.slice(0, 5).map((op) => update('teacher', op.id, 1, { lastName: `R${round}` }));
        expect(results.every((r) => r.status === 'applied')).toBe(true);
        await server.writeAs({ clientId }, edits);
      }
    });
    const reader = (async () => {
      for (let i = 0; writing && i < 10_000; i++) await readPage();
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    for (let i = 0; i < 1_000 && (await readPage()).hasMore; i++);

    const truth = await pullAll(server, 'demo', 'teachers', start);
    expect(seen.size).toBe(5 * 6 * 15);
    expect(new Map(truth.items.map((r) => [r.id, r.version]))).toEqual(seen);
  });

  it.each([
    ['after its writes, before taking the feed lock', 'beforeFeedLock'],
    ['holding the feed lock, before commit', 'beforeCommit'],
  ])('never skips a transaction that commits late (paused %s)', async (_what, point) => {
    const start = await drained('schools');
    const late = create('school', schoolFields(districtOne, 'Late'));
    const early = create('school', schoolFields(districtOne, 'Early'));
    gate.arm(point);
    const lateWrite = server.writeAs({}, [late]);
    try {
      await gate.reached;
      const earlyWrite = server.writeAs({}, [early]);
      // With real concurrency (PostgreSQL) a reader is never blocked and sees only what has committed:
      // the early write commits past the paused one when it is not yet holding the feed lock.
      const earlyDone = server.kind === 'postgres' && point === 'beforeFeedLock';
      if (earlyDone) await earlyWrite;
      const firstRead = getPage(server, 'demo', 'schools', start);
      if (server.kind === 'postgres') {
        expect(ids((await firstRead).items)).toEqual(earlyDone ? [early.id] : []);
      }
      gate.release();
      await Promise.all([lateWrite, earlyWrite]);
      const first = await firstRead;
      const second = await getPage(server, 'demo', 'schools', first.nextCursor);
      const all = [...ids(first.items), ...ids(second.items)];
      expect(all.sort()).toEqual([late.id, early.id].sort());
      if (server.kind === 'postgres') expect(ids(second.items)).toEqual(earlyDone ? [late.id] : [late.id, early.id]);
    } finally {
      gate.release();
      await lateWrite.catch(() => undefined);
    }
  });

  it('orders by commit, not by clocks: a server clock jumping ±24 h never stamps a later commit earlier', async () => {
    const start = await drained('schools');
    const day = 24 * 3_600_000;
    const now = Date.now();
    const writes = [now + day, now - day, now].map((t) => ({ t, op: create('school', schoolFields(districtOne)) }));
    try {
      for (const { t, op } of writes) {
        server.setClock(() => new Date(t));
        expect((await server.writeAs({}, [op]))[0]?.status).toBe('applied');
      }
    } finally {
      server.setClock(() => new Date());
    }
    const pulled = await pullAll(server, 'demo', 'schools', start, 1);
    expect(ids(pulled.items)).toEqual(writes.map((w) => w.op.id));
    // Stamped at commit, never below the previous stamp: the clock's step back does not reorder time.
    expect(pulled.items.map((r) => Date.parse(r.updatedAt))).toEqual(
      writes.map((_, i) => Math.max(...writes.slice(0, i + 1).map((w) => w.t))),
    );

    // A seed-style client whose clock runs a day ahead starts from its own "now"; after that the
    // cursor it gets back carries it, so a change stamped earlier than its clock still arrives.
    const ahead = await getPage(server, 'demo', 'schools', new Date(now + day).toISOString());
    const later = create('school', schoolFields(districtOne));
    await server.writeAs({}, [later]);
    const next = await getPage(server, 'demo', 'schools', ahead.nextCursor);
    expect(ids(next.items)).toEqual([later.id]);
  });

  it('keeps cursors short and refuses ones it did not issue', async () => {
    const cursor = await drained('schools');
    expect(cursor.length).toBeLessThanOrEqual(16);
    for (const bad of ['zzzz', `${cursor}x`, 'c'.repeat(80)]) {
      const res = await server.request('demo', 'GET', `/api/schools?updatedAfter=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'updatedAfter' } });
    }
    const ahead = `${(Number.parseInt(cursor.split('.')[0] ?? '0', 36) + 1000).toString(36)}.${cursor.split('.')[1]}`;
    // Well-formed but of a history this database does not have (another epoch, or ahead): 410 RESYNC.
    for (const gone of [ahead, `1.${cursor.split('.')[1] === 'abcd' ? 'abce' : 'abcd'}`]) {
      const res = await server.request('demo', 'GET', `/api/schools?updatedAfter=${gone}`);
      expect(res.status, gone).toBe(410);
      expect(res.body).toMatchObject({ error: { code: 'RESYNC', field: 'updatedAfter' } });
    }
  });
});
