import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { ServerApi } from '../../src/main/sync/server-api.js';
import type { SyncSummary } from '../../src/shared/sync-events.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import {
  DEMO,
  type EngineServer,
  openClient,
  startEngineServer,
  type TestClient,
  tempDir,
} from '../sync/helpers/engine-env.js';
import { diffSnapshots, serverSnapshot, storeSnapshot } from '../sync/helpers/replica.js';

let env: EngineServer;
let proxy: FaultProxy;
let tmp: ReturnType<typeof tempDir>;
let reader: ServerApi;
let total = 0;
const open: TestClient[] = [];
let n = 0;

beforeAll(async () => {
  env = await startEngineServer('small');
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: env.server.port } });
  tmp = tempDir('fieldsync-faults-');
  reader = new ServerApi({ baseUrl: env.server.url, credentials: DEMO });
  total = Object.values(await serverSnapshot(reader)).reduce((sum, t) => sum + Object.keys(t).length, 0);
});
/** Lifts every fault: a clean link to a running server. */
async function healLink(): Promise<void> {
  proxy.cutAfter(Number.POSITIVE_INFINITY);
  proxy.set({ latencyMs: 0, bytesPerSecond: 0, stall: false, refuse: false });
  await proxy.ready();
  env.failNext(0);
  await env.server.start();
}

/** Refuses new connections and drops the open ones (keep-alive would otherwise carry on). */
async function cutOff(): Promise<void> {
  proxy.set({ refuse: true });
  await proxy.ready();
  proxy.resetAll();
  await expect.poll(() => proxy.stats().open).toBe(0);
}

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await healLink();
});
afterAll(async () => {
  reader?.close();
  await proxy?.close();
  await env?.close();
  tmp?.cleanup();
});

/** A client behind the proxy, with a store clock the test can move (to expire backoffs). */
function client(options: { pageLimit?: number; idleTimeoutMs?: number } = {}) {
  const clock = { offsetMs: 0 };
  const c = openClient(proxy.url, join(tmp.dir, `client-${++n}.db`), {
    store: { now: () => new Date(Date.now() + clock.offsetMs) },
    client: {
      pageLimit: options.pageLimit ?? 500,
      idleTimeoutMs: options.idleTimeoutMs ?? 5_000,
      connectTimeoutMs: 2_000,
      probeBackoff: { baseMs: 200, maxMs: 1_000 },
    },
  });
  open.push(c);
  return { ...c, clock };
}

async function expectEqualsServer(c: TestClient): Promise<void> {
  const { live, unsynced } = storeSnapshot(c.store);
  expect(unsynced).toEqual([]);
  expect(diffSnapshots(await serverSnapshot(reader), live)).toEqual([]);
}

/** Runs a first sync and fires `fault` once the first page is committed. */
async function firstSyncWith(c: TestClient, fault: () => void | Promise<void>): Promise<SyncSummary> {
  let fired = false;
  const unsubscribe = c.client.engine.progress.subscribe((e) => {
    if (!fired && e.pulled > 0) {
      fired = true;
      void fault();
    }
  });
  const summary = await c.client.engine.sync();
  unsubscribe();
  return summary;
}

async function expectResumes(c: TestClient, broken: SyncSummary, code: string): Promise<void> {
  expect(broken.error?.code).toBe(code);
  expect(broken.pulled).toBeGreaterThan(0);
  expect(broken.pulled).toBeLessThan(total);
  await healLink();
  const rest = await c.client.engine.sync();
  expect(rest.error).toBeUndefined();
  // Committed pages are never fetched again, nothing is skipped.
  expect(broken.pulled + rest.pulled).toBe(total);
  await expectEqualsServer(c);
}

describe('a first sync broken by the network resumes from the last committed page', () => {
  it('connection cut mid-response', async () => {
    const c = client();
    await expectResumes(c, await firstSyncWith(c, () => proxy.cutAfter(20_000, 'down')), 'NETWORK');
  });

  it('connection reset', async () => {
    const c = client();
    await expectResumes(c, await firstSyncWith(c, () => proxy.resetAll()), 'NETWORK');
  });

  it('link stalls: the idle timeout ends it', async () => {
    const c = client({ idleTimeoutMs: 400 });
    await expectResumes(c, await firstSyncWith(c, () => proxy.set({ stall: true })), 'TIMEOUT');
  });

  it('server restarts in the middle', async () => {
    const c = client();
    const broken = await firstSyncWith(c, async () => {
      await env.server.stop();
      proxy.resetAll();
    });
    await expectResumes(c, broken, 'NETWORK');
  });

  it('server answers 503', async () => {
    const c = client();
    await expectResumes(c, await firstSyncWith(c, () => env.failNext(1)), 'SERVER');
  });
});

describe('pushes under faults never duplicate and never drop', () => {
  async function syncedClient() {
    const c = client();
    expect((await c.client.engine.sync()).error).toBeUndefined();
    return c;
  }

  function firstId(c: TestClient, table: string, offset: number): string {
    return (
      rawConnection(c.store).sqlite.prepare(`SELECT id FROM ${table} ORDER BY id LIMIT 1 OFFSET ?`).get(offset) as {
        id: string;
      }
    ).id;
  }

  it('a response lost after the server applied the push: the retry is a duplicate, applied once', async () => {
    const c = await syncedClient();
    const school = firstId(c, 'schools', 2);
    const before = (await serverSnapshot(reader)).schools?.[school]?.version as number;
    c.store.updateRecord('school', school, { headTeacher: 'Applied once' });
    proxy.cutAfter(1, 'down'); // the request reaches the server; the first byte of the answer does not
    const lost = await c.client.engine.sync();
    expect(lost.error?.code).toBe('NETWORK');
    expect(c.store.outboxCounts().failed).toBe(1);
    c.clock.offsetMs += 60 * 60_000; // past the op's backoff
    const retry = await c.client.engine.sync();
    expect(retry).toMatchObject({ pushed: 1, pending: 0 });
    const server = (await serverSnapshot(reader)).schools?.[school];
    expect(server).toMatchObject({ headTeacher: 'Applied once', version: before + 1 });
    await expectEqualsServer(c);
  });

  it('a push applied but unanswered, then merged over by a later write: the resend is the same op, the later write stands', async () => {
    const a = await syncedClient();
    const b = openClient(env.server.url, join(tmp.dir, `client-${++n}.db`));
    open.push(b);
    expect((await b.client.engine.sync()).error).toBeUndefined();
    const teacher = firstId(a, 'teachers', 4);
    const before = (await serverSnapshot(reader)).teachers?.[teacher]?.version as number;
    a.store.updateRecord('teacher', teacher, { firstName: 'Written first by A' });
    proxy.cutAfter(1, 'down'); // the server applies A's push; its answer never arrives
    expect((await a.client.engine.sync()).error?.code).toBe('NETWORK');
    await healLink();
    // B writes the same field after A's write reached the server: B's push arrives last and wins.
    b.store.updateRecord('teacher', teacher, { firstName: 'Written later by B' });
    expect((await b.client.engine.sync()).error).toBeUndefined();
    expect((await serverSnapshot(reader)).teachers?.[teacher]).toMatchObject({
      firstName: 'Written later by B',
      version: before + 2,
    });
    // A's op is still backing off: A's first request pulls B's version, which merges over it; then it is resent.
    expect(a.store.readyOps(10)).toEqual([]);
    expect((await a.client.engine.sync()).error).toBeUndefined();
    expect((await serverSnapshot(reader)).teachers?.[teacher]).toMatchObject({
      firstName: 'Written later by B',
      version: before + 2,
    });
    expect(a.store.getRecord('teacher', teacher)?.fields.firstName).toBe('Written later by B');
    await expectEqualsServer(a);
    await b.client.engine.sync();
    await expectEqualsServer(b);
  });

  it('a 503 and a refused connection keep the edits queued with backoff until they go through', async () => {
    const c = await syncedClient();
    const teacher = firstId(c, 'teachers', 3);
    c.store.updateRecord('teacher', teacher, { qualification: 'Diploma' });
    env.failNext(1);
    expect((await c.client.engine.sync()).error?.code).toBe('SERVER');
    await cutOff();
    c.clock.offsetMs += 60 * 60_000;
    expect((await c.client.engine.sync()).error?.code).toBe('NETWORK');
    expect(c.store.listOutbox()).toMatchObject([
      { recordId: teacher, state: 'failed', lastError: { code: 'NETWORK' } },
    ]);
    proxy.set({ refuse: false });
    await proxy.ready();
    const early = await c.client.engine.sync();
    expect(early).toMatchObject({ pushed: 0, pending: 1 }); // still backing off
    c.clock.offsetMs += 60 * 60_000;
    expect(await c.client.engine.sync()).toMatchObject({ pushed: 1, pending: 0 });
    expect((await serverSnapshot(reader)).teachers?.[teacher]?.qualification).toBe('Diploma');
  });
});

describe('reachability', () => {
  it('goes offline when the server is unreachable and syncs again on reconnect', async () => {
    const c = client();
    await c.client.engine.sync();
    const synced = new Promise<SyncSummary>((resolve) => {
      c.client.engine.progress.subscribe((e) => {
        if (e.phase === 'idle' && e.syncId >= 3) resolve(c.client.engine.lastSummary as SyncSummary);
      });
    });
    await env.server.stop();
    proxy.resetAll();
    c.client.network.start();
    c.client.scheduler.start();
    const failed = await c.client.scheduler.syncNow();
    expect(failed.error?.code).toBe('NETWORK');
    expect(c.client.network.state).toBe('offline');
    await env.server.start();
    const summary = await synced; // the network service's probe finds the server; the scheduler syncs
    expect(summary.error).toBeUndefined();
    expect(c.client.network.state).toBe('online');
  });
});

describe('a 2G link (300 ms each way, 30 KB/s)', () => {
  it('syncs an up-to-date client in one request within 1.5 s', async () => {
    const c = client();
    await c.client.engine.sync();
    proxy.set({ latencyMs: 300, bytesPerSecond: 30_000 });
    const summary = await c.client.engine.sync();
    expect(summary).toMatchObject({ requests: 1, pulled: 0 });
    expect(summary.ms).toBeLessThan(1_500);
  });
});
