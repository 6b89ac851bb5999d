import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import {
  type EngineServer,
  openClient,
  startEngineServer,
  type TestClient,
  tempDir,
} from '../sync/helpers/engine-env.js';

let env: EngineServer;
let proxy: FaultProxy;
let tmp: ReturnType<typeof tempDir>;
const open: TestClient[] = [];

beforeAll(async () => {
  env = await startEngineServer('tiny');
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: env.server.port } });
  tmp = tempDir('fieldsync-conflict-history-');
});
afterAll(async () => {
  for (const c of open.splice(0)) c.close();
  await proxy?.close();
  await env?.close();
  tmp?.cleanup();
});

/** A client of its own store; through the fault proxy unless `direct`, with a clock the test can move. */
function client(name: string, direct = false) {
  const clock = { offsetMs: 0 };
  const c = openClient(direct ? env.server.url : proxy.url, join(tmp.dir, `${name}.db`), {
    store: { now: () => new Date(Date.now() + clock.offsetMs) },
    client: { idleTimeoutMs: 5_000, connectTimeoutMs: 2_000, probeBackoff: { baseMs: 200, maxMs: 1_000 } },
  });
  open.push(c);
  return { ...c, clock };
}

/** The server's stored resolutions of one conflict id. */
async function onServer(id: string): Promise<{ user_id: string; choices: unknown; resolved_by: string | null }[]> {
  const result = (await env.server.db.execute(
    sql`SELECT user_id::text, choices, resolved_by FROM conflict_resolutions WHERE id = ${id}::uuid`,
  )) as { rows: { user_id: string; choices: unknown; resolved_by: string | null }[] };
  return result.rows;
}

function historyState(c: TestClient, id: string): string | null {
  const row = rawConnection(c.store).sqlite.prepare('SELECT history_state FROM conflicts WHERE id = ?').get(id) as {
    history_state: string | null;
  };
  return row.history_state;
}

describe('a conflict resolved offline reaches the server with the next sync', () => {
  it('exactly once, across an answer lost after the server stored it and the retry', async () => {
    const a = client('officer-a');
    const b = client('officer-b', true);
    expect((await a.client.engine.sync()).error).toBeUndefined();
    expect((await b.client.engine.sync()).error).toBeUndefined();
    const visit = (
      rawConnection(a.store).sqlite.prepare('SELECT id FROM school_visits ORDER BY id LIMIT 1').get() as { id: string }
    ).id;

    // Two officers review the same visit from the same version: the review is held for a person.
    expect(
      b.store.updateRecord('schoolVisit', visit, { reviewStatus: 'flagged', reviewComment: 'Codes repeat' }).ok,
    ).toBe(true);
    expect((await b.client.engine.sync()).error).toBeUndefined();
    expect(a.store.updateRecord('schoolVisit', visit, { reviewStatus: 'approved', reviewComment: 'All fine' }).ok).toBe(
      true,
    );
    expect((await a.client.engine.sync()).error).toBeUndefined();
    const [held] = a.store.listConflicts({ status: 'open' });
    expect(held).toMatchObject({ kind: 'held', recordId: visit });
    const conflictId = held?.id ?? '';

    // Offline: the officer decides (my status, their comment); the sync fails, nothing is lost.
    proxy.set({ refuse: true });
    await proxy.ready();
    proxy.resetAll(); // keep-alive would otherwise carry on
    await expect.poll(() => proxy.stats().open).toBe(0);
    const resolved = a.store.resolveConflict(
      conflictId,
      { reviewStatus: 'local', reviewComment: 'server' },
      'Officer A',
    );
    expect(resolved.ok).toBe(true);
    expect(historyState(a, conflictId)).toBe('pending');
    expect((await a.client.engine.sync()).error?.code).toBe('NETWORK');
    expect(await onServer(conflictId)).toEqual([]);

    // Back online, the request reaches the server but its answer does not: stored there, pending here.
    proxy.set({ refuse: false });
    await proxy.ready();
    proxy.cutAfter(1, 'down');
    expect((await a.client.engine.sync()).error?.code).toBe('NETWORK');
    expect(await onServer(conflictId)).toHaveLength(1);
    expect(historyState(a, conflictId)).toBe('pending');

    // The retry sends it again: the server answers duplicate, keeps one, and the device stops sending it.
    proxy.cutAfter(Number.POSITIVE_INFINITY);
    a.clock.offsetMs += 60 * 60_000; // past the resolving edit's backoff
    const retry = await a.client.engine.sync();
    expect(retry.error).toBeUndefined();
    expect(historyState(a, conflictId)).toBe('sent');
    expect((await a.client.engine.sync()).error).toBeUndefined();
    const stored = await onServer(conflictId);
    expect(stored).toEqual([
      {
        user_id: expect.any(String),
        choices: { reviewStatus: 'local', reviewComment: 'server' },
        resolved_by: 'Officer A',
      },
    ]);
    // And the record the resolution made is the server's.
    const record = await env.server.request('demo', 'GET', `/api/school-visits/${visit}`);
    expect(record.body).toMatchObject({ reviewStatus: 'approved', reviewComment: 'Codes repeat' });
  });
});
