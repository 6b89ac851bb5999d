import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { writerKey } from '../../src/server/auth/session-store.js';
import { queryRow } from '../../src/server/db/server-database.js';
import { createScopeModel } from '../../src/server/scope/scope-model.js';
import { FeedState } from '../../src/server/sync/feed-head.js';
import { parseCursors } from '../../src/server/sync/parse-cursors.js';
import { readSync, type SyncReadDeps, type SyncReadResult } from '../../src/server/sync/read-sync.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { SessionUser } from '../../src/shared/protocol/auth.js';
import type { SyncFormat } from '../../src/shared/protocol/columns.js';
import { type DemoUser, startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, remove, schoolFields, teacherFields, update } from './helpers/records.js';

const model = createScopeModel(entityGraph);

/**
 * The everyday sync read runs as one statement (`read-sync-at-once.ts`) when what it guesses holds, and
 * otherwise reads in a repeatable-read snapshot as before. Every answer it gives must be the snapshot
 * read's, byte for byte: each case reads the same state both ways — through a FeedState that has seen
 * the database (it guesses) and through a new one (it cannot, so it reads in the snapshot).
 */
describe.each(testDatabases)('a sync read in one statement (%s)', (database) => {
  let server: TestServer;
  let epoch: string;
  const users = new Map<DemoUser, SessionUser>();

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    epoch = (await queryRow<{ epoch: string }>(server.db, sql`SELECT epoch FROM feed_head`))?.epoch ?? '';
    for (const name of ['demo', 'district'] as const) users.set(name, (await server.login(name)).user);
  });
  afterAll(() => server?.close());

  const deps = (feed: FeedState): SyncReadDeps => ({
    database: server.database,
    graph: entityGraph,
    model,
    epoch,
    feed,
  });

  /** A FeedState that has seen the database as it is now (through a read of its own). */
  async function seenFeed(): Promise<FeedState> {
    const feed = new FeedState();
    await read(feed, 'demo', {});
    return feed;
  }

  async function read(
    feed: FeedState,
    user: DemoUser | SessionUser,
    cursors: Record<string, string>,
    options: { limit?: number; format?: SyncFormat; clientId?: string; totals?: boolean } = {},
  ): Promise<SyncReadResult> {
    const sessionUser = typeof user === 'string' ? users.get(user) : user;
    if (!sessionUser) throw new Error(`no session for ${String(user)}`);
    const positions = parseCursors(entityGraph, cursors, epoch, Number.MAX_SAFE_INTEGER);
    if (!positions.ok) throw new Error(positions.error.message);
    return readSync(deps(feed), {
      user: sessionUser,
      positions: positions.value,
      sent: cursors,
      limit: options.limit ?? 1_000,
      format: options.format ?? 'records',
      ...(options.clientId ? { clientId: writerKey(sessionUser.id, options.clientId) } : {}),
      ...(options.totals ? { totals: true } : {}),
    });
  }

  /** Reads both ways and checks they agree; returns the guessing read's answer. */
  async function bothWays(
    user: DemoUser | SessionUser,
    cursors: Record<string, string>,
    options: { limit?: number; format?: SyncFormat; clientId?: string; totals?: boolean } = {},
  ): Promise<SyncReadResult> {
    const guessed = await read(await seenFeed(), user, cursors, options);
    const snapshot = await read(new FeedState(), user, cursors, options);
    expect(snapshot.readIn).toBe('snapshot');
    const { readIn: _guessedIn, ...guessedAnswer } = guessed;
    const { readIn: _snapshotIn, ...snapshotAnswer } = snapshot;
    expect(guessedAnswer).toEqual(snapshotAnswer);
    return guessed;
  }

  /** Cursors after a whole download as `user`. */
  async function downloaded(user: DemoUser, clientId?: string): Promise<Record<string, string>> {
    let cursors: Record<string, string> = {};
    for (let more = true; more; ) {
      const page = await server.sync(user, { cursors, ...(clientId ? { clientId } : {}) });
      cursors = { ...cursors, ...page.cursors };
      more = page.hasMore;
    }
    return cursors;
  }

  const districtNamed = (name: string) => server.facts?.demo.districts.find((d) => d.name === name)?.id ?? '';

  it.each(['records', 'columns'] as const)(
    'gives the snapshot read’s answer in %s form: new records, edits, deletions and records that left the districts',
    async (format) => {
      const demoCursors = await downloaded('demo');
      const districtCursors = await downloaded('district');
      const [school] = await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1')))]);
      const [teacher] = await server.writeAs({}, [create('teacher', teacherFields(school?.id ?? ''))]);
      const other = await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1'), 'Moving'))]);
      await server.writeAs({}, [update('teacher', teacher?.id ?? '', 1, { phone: '+254 700 111222' })]);
      await server.writeAs({}, [update('school', other[0]?.id ?? '', 1, { districtId: districtNamed('District 2') })]);
      await server.writeAs({}, [remove('teacher', teacher?.id ?? '', 2)]);

      const demo = await bothWays('demo', demoCursors, { format });
      expect(demo.readIn).toBe('one-statement');
      expect(demo.changes.map((c) => JSON.parse(c).collection)).toEqual(['schools', 'teachers']);
      const district = await bothWays('district', districtCursors, { format });
      expect(district.readIn).toBe('one-statement');
      // The school that moved to District 2 reaches the District 1 user as a deletion.
      const schools = district.changes.map((c) => JSON.parse(c)).find((c) => c.collection === 'schools');
      expect(JSON.stringify(schools)).toContain(other[0]?.id ?? 'missing');
      expect(Object.values(district.cursors).every((c) => c === Object.values(district.cursors)[0])).toBe(true);
    },
  );

  it('leaves out what the reading device wrote itself, as the snapshot read does', async () => {
    const clientId = randomUUID();
    const cursors = await downloaded('demo', clientId);
    await server.writeAs({ clientId }, [create('school', schoolFields(districtNamed('District 1'), 'Mine'))]);
    await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1'), 'Theirs'))]);
    const answer = await bothWays('demo', cursors, { clientId });
    expect(answer.readIn).toBe('one-statement');
    expect(answer.changes.join()).toContain('Theirs');
    expect(answer.changes.join()).not.toContain('Mine');
  });

  it('reads in the snapshot when more waits than the limit: the page stops part way, parents first', async () => {
    const cursors = await downloaded('demo');
    for (let n = 0; n < 3; n++) {
      const [school] = await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1')))]);
      await server.writeAs({}, [create('teacher', teacherFields(school?.id ?? ''))]);
    }
    const capped = await bothWays('demo', cursors, { limit: 4 });
    expect(capped.readIn).toBe('snapshot');
    expect(capped.hasMore).toBe(true);
    const whole = await bothWays('demo', cursors, { limit: 6 });
    expect(whole.readIn).toBe('one-statement');
    expect(whole.hasMore).toBe(false);
  });

  it('reads in the snapshot when more arrived than it guessed and the limit stops a page', async () => {
    const cursors = await downloaded('demo');
    const pair = async () => {
      const [school] = await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1')))]);
      await server.writeAs({}, [create('teacher', teacherFields(school?.id ?? ''))]);
    };
    await pair();
    await pair();
    // It has seen four changes waiting; another process then writes four more.
    const feed = await seenFeed();
    await pair();
    await pair();
    const capped = await read(feed, 'demo', cursors, { limit: 6 });
    expect(capped.readIn).toBe('snapshot');
    expect(capped.hasMore).toBe(true);
    const { readIn: _in, ...answer } = capped;
    const { readIn: _snapshotIn, ...snapshot } = await read(new FeedState(), 'demo', cursors, { limit: 6 });
    expect(answer).toEqual(snapshot);
  });

  it('reads in the snapshot for a cursor that is a time (seed-style clients)', async () => {
    const cursors = await downloaded('demo');
    await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1'), 'Timed'))]);
    const timed = { ...cursors, schools: new Date(Date.now() - 60_000).toISOString() };
    // A limit above everything there is: no guess about what waits keeps it from reading at once.
    const answer = await bothWays('demo', timed, { limit: 1_000_000 });
    expect(answer.readIn).toBe('snapshot');
    expect(answer.changes.join()).toContain('Timed');
  });

  it('reads in the snapshot when the totals are asked for', async () => {
    const cursors = await downloaded('demo');
    await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1'), 'Counted'))]);
    const answer = await bothWays('demo', cursors, { totals: true });
    expect(answer.readIn).toBe('snapshot');
    expect(answer.totals).toEqual({ schools: 1 });
  });

  it('reads in the snapshot when a collection it did not guess changed (another server process wrote it)', async () => {
    const cursors = await downloaded('demo');
    const feed = await seenFeed();
    // Written through the server: this FeedState, like another process's, has not seen it.
    await server.writeAs({}, [create('school', schoolFields(districtNamed('District 1'), 'Elsewhere'))]);
    const first = await read(feed, 'demo', cursors);
    expect(first.readIn).toBe('snapshot');
    expect(first.changes.join()).toContain('Elsewhere');
    // The snapshot read taught it the latest seqs: the next read guesses right.
    const again = await read(feed, 'demo', cursors);
    expect(again.readIn).toBe('one-statement');
    expect(again.changes).toEqual(first.changes);
  });

  it('reads in the snapshot for a first download, and for a device behind a change of its districts', async () => {
    expect((await read(await seenFeed(), 'demo', {})).readIn).toBe('snapshot');
    const admin = new UserAdmin(server.db);
    await admin.setDistricts('district', [districtNamed('District 1')]);
    const cursors = await downloaded('district');
    const before = users.get('district');
    if (!before) throw new Error('no session');
    expect((await admin.setDistricts('district', [districtNamed('District 2')])).ok).toBe(true);
    // The session read before the change still names District 1; a new one names District 2.
    const stale = await bothWays(before, cursors);
    expect(stale.readIn).toBe('snapshot');
    expect(stale.removals.length).toBeGreaterThan(0);
    const fresh = await bothWays({ ...before, districtIds: [districtNamed('District 2')] }, cursors);
    expect(fresh.readIn).toBe('snapshot');
    expect(fresh.removals).toEqual(stale.removals);
    // Caught up since: a session read before the change must still not be read with its old districts.
    const caughtUp = await downloaded('district');
    const old = await bothWays(before, caughtUp);
    expect(old.readIn).toBe('snapshot');
    expect((await bothWays({ ...before, districtIds: [districtNamed('District 2')] }, caughtUp)).readIn).toBe(
      'one-statement',
    );
    await admin.setDistricts('district', [districtNamed('District 1')]);
  });

  it('counts how sync pulls were read on /metrics', async () => {
    const cursors = await downloaded('demo');
    await server.sync('demo', { cursors });
    const metrics = await server.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.body).toMatch(/fieldsync_sync_reads_total\{read="one_statement"\} [1-9]/);
    expect(metrics.body).toMatch(/fieldsync_sync_reads_total\{read="snapshot"\} [1-9]/);
  });
});
