import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncResponse } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, schoolFields } from './helpers/records.js';

type User = 'demo' | 'district';

/** Pages through a whole sync as `user`; the first request asks for totals. */
async function pullEverything(
  server: TestServer,
  user: User,
  clientId: string,
  between: () => Promise<void> = async () => undefined,
): Promise<{ totals: Record<string, number>; received: Record<string, number>; first: SyncResponse }> {
  let cursors: Record<string, string | null> = {};
  const received: Record<string, number> = {};
  let first: SyncResponse | undefined;
  for (let round = 0; round < 1_000; round++) {
    const page = await server.sync(user, { cursors, clientId, limit: 97, ...(round === 0 ? { totals: true } : {}) });
    first ??= page;
    if (round > 0) expect(page.totals).toBeUndefined();
    for (const change of page.changes)
      received[change.collection] = (received[change.collection] ?? 0) + change.items.length;
    cursors = { ...cursors, ...page.cursors };
    if (!page.hasMore) break;
    await between();
  }
  if (!first) throw new Error('no response');
  return { totals: { ...(first.totals ?? {}) }, received, first };
}

/** The server says in a sync's first response how many changes wait, and the pages deliver exactly that. */
describe.each(testDatabases)('sync totals (%s)', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
  });
  afterAll(() => server?.close());

  it.each(['demo', 'district'] as const)('are exact for %s, whose scope they follow', async (user) => {
    const { totals, received } = await pullEverything(server, user, randomUUID());
    expect(Object.keys(totals).length).toBeGreaterThan(3);
    expect(totals).toEqual(received);
  });

  it('leave out what the client wrote itself, and an up-to-date client gets none (a no-op stays small)', async () => {
    const clientId = randomUUID();
    const { first } = await pullEverything(server, 'demo', clientId);
    const district = server.facts?.demo.districts[0]?.id ?? '';
    await server.writeAs({ clientId }, [create('school', schoolFields(district))]);
    const cursors = first.cursors;
    const after = await pullEverything(server, 'demo', clientId);
    expect(after.totals).toEqual(after.received);
    const again = await server.sync('demo', { cursors: { ...cursors }, clientId, totals: true });
    expect(again.totals?.schools ?? 0).toBe(0);
  });

  it('under concurrent writers, count what the first response’s snapshot holds: never more than arrives', async () => {
    const district = server.facts?.demo.districts[0]?.id ?? '';
    let written = 0;
    const writer = async () => {
      await server.writeAs({}, [create('school', schoolFields(district)), create('school', schoolFields(district))]);
      written += 2;
    };
    const before = await pullEverything(server, 'demo', randomUUID());
    const during = await pullEverything(server, 'demo', randomUUID(), writer);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    expect(written).toBeGreaterThan(0);
    expect(sum(during.totals)).toBe(sum(before.received));
    expect(sum(during.received)).toBeGreaterThanOrEqual(sum(during.totals));
    expect(sum(during.received)).toBeLessThanOrEqual(sum(during.totals) + written);
  });
});
