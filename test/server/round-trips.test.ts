import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRequest, SyncResponse } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { create, remove, schoolFields, teacherFields, update } from './helpers/records.js';

/**
 * Every round trip between the server and PostgreSQL costs both processes a wake-up on the busiest
 * path of the server (issue #11: ~30 % of the server's time under 50 clients), and one inside the feed
 * lock holds every writer. These are the round-trip budgets of the everyday syncs, counted at the driver
 * (a push's COMMIT travels with its stamp): a change that adds one must say so here.
 */
const postgres = process.env.TEST_DATABASE_URL;
if (!postgres) console.warn('round-trips.test: skipped — set TEST_DATABASE_URL to count PostgreSQL statements');

describe.skipIf(!postgres)('statements per sync (postgres)', () => {
  let server: TestServer;
  const seen: string[] = [];
  /** The texts of statements sent after a commit in its round trip. */
  const followers: string[] = [];
  const query = pg.Client.prototype.query;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database: 'postgres' });
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [config] = args as [
        string | { text?: string; before?: readonly string[]; after?: readonly string[]; follower?: { text: string } },
      ];
      if (typeof config === 'string') seen.push(config);
      else {
        // Statements pipelined around this one travel in the same round trip: named with it.
        const around = [
          ...(config.before ?? []),
          config.text ?? '?',
          ...(config.after ?? []),
          ...(config.follower ? [config.follower.text] : []),
        ];
        if (config.follower) followers.push(config.follower.text);
        seen.push(around.join(';\n'));
      }
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await server?.close();
  });

  /** The fewest statements one of three runs of `sync` made (a timer of the server may add one). */
  async function statementsOf(sync: (round: number) => Promise<void>): Promise<string[]> {
    let fewest: string[] | undefined;
    for (let round = 0; round < 3; round++) {
      seen.length = 0;
      await sync(round);
      if (!fewest || seen.length < fewest.length) fewest = [...seen];
    }
    return fewest ?? [];
  }

  it('round trips: an up-to-date device’s sync is 1 (the read, which reads the session); one that pushes a create and an edit is 2', async () => {
    const clientId = randomUUID();
    const [created] = await server.writeAs({}, [
      create('school', schoolFields(server.facts?.demo.districts[0]?.id ?? '')),
    ]);
    const school = created?.id ?? '';
    let cursors: Record<string, string> = {};
    for (let more = true; more; ) {
      const page = await server.sync('demo', { cursors, clientId });
      cursors = { ...cursors, ...page.cursors };
      more = page.hasMore;
    }
    let previous = randomUUID();
    await server.sync('demo', { cursors, clientId, push: [create('teacher', teacherFields(school), previous)] });
    // Another device's change waits too, so the read has a page to send.
    const writes = await statementsOf(async () => {
      await server.writeAs({}, [create('teacher', teacherFields(school))]);
      seen.length = 0;
      const id = randomUUID();
      const response = await server.sync('demo', {
        cursors,
        clientId,
        push: [create('teacher', teacherFields(school), id), update('teacher', previous, 1, { phone: '+254 700 1' })],
      });
      expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(response.changes.length).toBeGreaterThan(0);
      cursors = response.cursors;
      previous = id;
    });
    // BEGIN with the claim (which reads the session again: it was looked up on this device's first sync)
    // and the locks (planned in their own statement); the stamp that also writes the create and the
    // edit, with COMMIT and then the read in one statement.
    expect(writes.map(kind)).toEqual(['begin+claim+lock', 'stamp+commit+read']);
    const noop = await statementsOf(async () => {
      await server.sync('demo', { cursors, clientId });
    });
    // The read reads the session too (known to the process since the device's first sync).
    expect(noop.map(kind)).toEqual(['read']);
  });

  it('the read that travels with the commit sends what waits elsewhere; a push whose read cannot be guessed reads again after it', async () => {
    // A device of its own: a session is bound to the first clientId it syncs with.
    const { token } = await server.login('demo');
    const clientId = randomUUID();
    const sync = async (body: Omit<SyncRequest, 'clientId'>): Promise<SyncResponse> => {
      const response = await fetch(`${server.url}/api/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, clientId }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as SyncResponse;
    };
    const district = server.facts?.demo.districts[0]?.id ?? '';
    const [school] = await server.writeAs({}, [create('school', schoolFields(district, 'Shared Primary'))]);
    let cursors: Record<string, string> = {};
    for (let more = true; more; ) {
      const page = await sync({ cursors });
      cursors = { ...cursors, ...page.cursors };
      more = page.hasMore;
    }
    const teacher = randomUUID();
    cursors = (await sync({ cursors, push: [create('teacher', teacherFields(school?.id ?? ''), teacher)] })).cursors;

    // Another device adds a school: this device pushes a teacher, and gets the school with the commit.
    const [other] = await server.writeAs({}, [create('school', schoolFields(district, 'Other Primary'))]);
    seen.length = 0;
    const edited = await sync({ cursors, push: [update('teacher', teacher, 1, { phone: '+254 700 3' })] });
    expect(seen.map(kind)).toEqual(['begin+claim+lock', 'stamp+commit+read']);
    expect(edited.results.map((r) => r.status)).toEqual(['applied']);
    const schools = edited.changes.find((c) => c.collection === 'schools')?.items ?? [];
    expect(schools.map((item) => item.id)).toEqual([other?.id]);
    cursors = edited.cursors;
    // The read is prepared on the connection by name, as the driver's own statements are (it is planned
    // once per connection, and the per-connection bound can deallocate it).
    const follower = followers.at(-1);
    const connections = (server.db as unknown as { $client: { _clients: PooledClient[] } }).$client._clients;
    expect(connections.some((c) => Object.values(c.connection.parsedStatements).includes(follower ?? '?'))).toBe(true);
    expect(
      connections.some((c) => Object.values(c.connection.submittedNamedStatements).includes(follower ?? '?')),
    ).toBe(false);

    // Deleting the school tombstones its teacher too, a type the push does not name: the read that
    // travelled with the commit finds that type's latest seq past the cursor and is made again after it.
    await server.writeAs({}, [create('school', schoolFields(district, 'Third Primary'))]);
    seen.length = 0;
    const removed = await sync({ cursors, push: [remove('school', school?.id ?? '', 1)] });
    expect(removed.results.map((r) => r.status)).toEqual(['applied']);
    const kinds = seen.map(kind);
    const stamp = kinds.indexOf('stamp+commit+read');
    expect(stamp).toBeGreaterThan(0);
    // The read again: in a repeatable-read snapshot.
    expect(kinds[stamp + 1]).toBe('begin');
    expect(kinds.at(-1)).toBe('commit');
    expect((removed.changes.find((c) => c.collection === 'schools')?.items ?? []).map((i) => i.name)).toEqual([
      'Third Primary',
    ]);
    // Nothing was skipped: the next sync has nothing new.
    const after = await sync({ cursors: removed.cursors });
    expect(after.changes).toEqual([]);
  });
});

/** A pooled node-postgres client as far as the names it prepared. */
interface PooledClient {
  connection: { parsedStatements: Record<string, string>; submittedNamedStatements: Record<string, string> };
}

/** What a statement of a sync is, from its text. */
function kind(text: string): string {
  const parts = text.split(';\n');
  if (parts.length > 1) {
    // BEGIN's own SET LOCAL travels with it.
    return parts
      .map(kind)
      .filter((k, i, all) => !(k.startsWith('set local') && all[i - 1] === 'begin'))
      .join('+');
  }
  const t = text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (t.startsWith('begin')) return 'begin';
  if (t === 'commit') return 'commit';
  if (t.includes('from "sessions"')) return 'session';
  if (t.includes('insert into applied_ops')) return 'claim';
  if (t.includes('for no key update') || t.includes('for key share')) return 'lock';
  if (t.startsWith('insert into')) return 'insert';
  if (t.startsWith('update') && !t.includes('feed_head')) return 'update';
  if (t.includes('update feed_head')) return 'stamp';
  if (t.includes('from feed_head')) return 'read';
  return t.slice(0, 60);
}
