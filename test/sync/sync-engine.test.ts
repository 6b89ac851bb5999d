import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { SyncProgress } from '../../src/main/sync/progress.js';
import { ServerApi } from '../../src/main/sync/server-api.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { SyncProgressEvent } from '../../src/shared/sync-events.js';
import {
  DEMO,
  type EngineServer,
  openClient,
  startEngineServer,
  type TestClient,
  tempDir,
} from './helpers/engine-env.js';
import { diffSnapshots, serverSnapshot, storeSnapshot } from './helpers/replica.js';

let env: EngineServer;
let tmp: ReturnType<typeof tempDir>;
let reader: ServerApi;
const open: TestClient[] = [];
let n = 0;

beforeAll(async () => {
  env = await startEngineServer('tiny');
  tmp = tempDir('fieldsync-engine-');
  reader = new ServerApi({ baseUrl: env.server.url, credentials: DEMO });
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  reader?.close();
  await env?.close();
  tmp?.cleanup();
});

function client(options: Parameters<typeof openClient>[2] = {}): TestClient {
  const c = openClient(env.server.url, join(tmp.dir, `client-${++n}.db`), options);
  open.push(c);
  return c;
}

async function synced(options: Parameters<typeof openClient>[2] = {}): Promise<TestClient> {
  const c = client(options);
  const summary = await c.client.engine.sync();
  expect(summary.error).toBeUndefined();
  return c;
}

async function expectEqualsServer(c: TestClient): Promise<void> {
  const { live, unsynced } = storeSnapshot(c.store);
  expect(unsynced).toEqual([]);
  expect(diffSnapshots(await serverSnapshot(reader), live)).toEqual([]);
}

function firstId(c: TestClient, table: string, offset = 0): string {
  const row = rawConnection(c.store)
    .sqlite.prepare(`SELECT id FROM ${table} WHERE _deleted = 0 ORDER BY id LIMIT 1 OFFSET ?`)
    .get(offset);
  return (row as { id: string }).id;
}

async function liveTotal(): Promise<number> {
  const snapshot = await serverSnapshot(reader);
  return Object.values(snapshot).reduce((sum, table) => sum + Object.keys(table).length, 0);
}

describe('first sync and deltas', () => {
  it('a first sync copies every record the user may see, page by page, parents first', async () => {
    const total = await liveTotal();
    const c = client({ client: { pageLimit: 40 } });
    const summary = await c.client.engine.sync();
    expect(summary).toMatchObject({ pulled: total, pushed: 0, conflicts: 0, needsAttention: 0, pending: 0 });
    expect(summary.requests).toBeGreaterThan(total / 40);
    await expectEqualsServer(c);
  });

  it('an up-to-date client syncs in one request of at most 1.5 KB', async () => {
    const c = await synced();
    const summary = await c.client.engine.sync();
    expect(summary).toMatchObject({ pulled: 0, pushed: 0, requests: 1 });
    expect(summary.bytesUp + summary.bytesDown).toBeLessThanOrEqual(1536);
  });

  it('20 remote changes and 3 local edits sync in one request, and our own writes do not come back', async () => {
    const a = await synced();
    const observations = Array.from({ length: 20 }, (_, i) =>
      a.store.getRecord('teacherVisit', firstId(a, 'teacher_visits', i)),
    );
    const results = await env.server.writeAs(
      {},
      observations.map((t, i) => ({
        opId: crypto.randomUUID(),
        entity: 'teacherVisit',
        id: t?.id ?? '',
        baseVersion: t?.version ?? null,
        changes: { notes: `Remote note ${i}` },
      })),
    );
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(a.store.updateRecord('school', firstId(a, 'schools', i), { headTeacher: `Head ${i}` }).ok).toBe(true);
    }
    const summary = await a.client.engine.sync();
    expect(summary).toMatchObject({ pulled: 20, pushed: 3, requests: 1 });
    await expectEqualsServer(a);
    expect(await a.client.engine.sync()).toMatchObject({ pulled: 0, requests: 1 });
  });

  it('a store file copied to a second PC syncs under its own client id, so each copy gets the other one’s writes', async () => {
    const a = await synced();
    const copyPath = join(tmp.dir, `copy-${++n}.db`);
    await rawConnection(a.store).sqlite.backup(copyPath);
    const copy = openClient(env.server.url, copyPath);
    open.push(copy);
    expect(copy.store.clientId()).not.toBe(a.store.clientId());
    // Reopening a store where it was keeps its id.
    const again = openClient(env.server.url, a.path);
    expect(again.store.clientId()).toBe(a.store.clientId());
    again.close();

    const school = firstId(a, 'schools');
    expect(a.store.updateRecord('school', school, { headTeacher: 'Written on PC A' }).ok).toBe(true);
    expect((await a.client.engine.sync()).error).toBeUndefined();
    expect((await copy.client.engine.sync()).error).toBeUndefined();
    expect(copy.store.getRecord('school', school)?.fields.headTeacher).toBe('Written on PC A');
    await expectEqualsServer(copy);
  });

  it('a second sync() while one runs joins it and gets the same summary', async () => {
    const c = client();
    const [first, second] = [c.client.engine.sync(), c.client.engine.sync()];
    expect(second).toBe(first);
    const summary = await first;
    expect(c.client.api.stats().requests).toBe(summary.requests);
    expect(c.client.engine.isRunning).toBe(false);
  });

  it('cancelling keeps the committed pages; the next sync fetches only the rest', async () => {
    const total = await liveTotal();
    const c = client({ client: { pageLimit: 40 } });
    const unsubscribe = c.client.engine.progress.subscribe((e) => {
      if (e.pulled > 0) c.client.engine.cancel();
    });
    const cancelled = await c.client.engine.sync();
    unsubscribe();
    expect(cancelled.error?.code).toBe('CANCELLED');
    expect(cancelled.pulled).toBeGreaterThan(0);
    expect(cancelled.pulled).toBeLessThan(total);
    expect(Object.values(c.store.lastSyncedAt()).every((t) => t === null)).toBe(true);
    const rest = await c.client.engine.sync();
    expect(rest.error).toBeUndefined();
    expect(cancelled.pulled + rest.pulled).toBe(total);
    // Every entity type records the server time of the completed sync.
    expect(new Set(Object.values(c.store.lastSyncedAt())).size).toBe(1);
    expect(Object.values(c.store.lastSyncedAt())[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expectEqualsServer(c);
  });

  it('tells the end of each sync once, with its summary, after the closing progress event', async () => {
    const c = client({ client: { pageLimit: 25 } });
    const heard: string[] = [];
    c.client.engine.progress.subscribe((e) => {
      if (e.phase === 'idle') heard.push(`idle ${e.syncId}`);
    });
    c.client.engine.onFinished((s) => {
      heard.push(`finished ${s.syncId} running=${c.client.engine.isRunning}`);
    });
    const first = await c.client.engine.sync();
    const second = await c.client.engine.sync();
    expect(heard).toEqual([
      `idle ${first.syncId}`,
      `finished ${first.syncId} running=false`,
      `idle ${second.syncId}`,
      `finished ${second.syncId} running=false`,
    ]);
  });

  it('knows the total from the first response: "done of total" only grows and ends at the total', async () => {
    // No throttle: how many events a pull gives must not depend on how fast this machine runs it.
    const c = client({ client: { pageLimit: 25, progress: new SyncProgress({ intervalMs: 0 }) } });
    const events: SyncProgressEvent[] = [];
    c.client.engine.progress.subscribe((e) => events.push(e));
    const summary = await c.client.engine.sync();
    const pull = events.filter((e) => e.phase === 'pull' && e.total !== undefined);
    expect(pull.length).toBeGreaterThan(2);
    expect(pull[0]?.total).toBe(summary.pulled);
    for (let i = 1; i < pull.length; i++) {
      expect(pull[i]?.total).toBe(pull[0]?.total);
      expect(pull[i]?.done).toBeGreaterThanOrEqual(pull[i - 1]?.done ?? 0);
    }
    // The last pull figures may be folded into the closing event by the throttle: it carries them.
    expect(pull.at(-1)?.done).toBeLessThanOrEqual(summary.pulled);
    expect(events.at(-1)).toMatchObject({ phase: 'idle', pulled: pull[0]?.total });
    // An up-to-date client's sync asks, and the server has nothing to count: one request, no total.
    const again: SyncProgressEvent[] = [];
    c.client.engine.progress.subscribe((e) => again.push(e));
    const noop = await c.client.engine.sync();
    expect(noop.requests).toBe(1);
    expect(again.filter((e) => e.syncId === noop.syncId).every((e) => e.total === undefined)).toBe(true);
  });

  it('reports progress that never goes backwards, throttled, ending idle', async () => {
    const c = client({ client: { pageLimit: 25 } });
    const events: SyncProgressEvent[] = [];
    c.client.engine.progress.subscribe((e) => events.push(e));
    const summary = await c.client.engine.sync();
    expect(events[0]).toMatchObject({ phase: 'pull', pulled: 0 });
    expect(events.at(-1)).toMatchObject({ phase: 'idle', pulled: summary.pulled, requests: summary.requests });
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1] as SyncProgressEvent, events[i] as SyncProgressEvent];
      for (const k of ['pulled', 'pushed', 'requests', 'bytesDown', 'bytesUp'] as const)
        expect(b[k]).toBeGreaterThanOrEqual(a[k]);
    }
    // One per 100 ms within a phase, plus each phase change at once.
    expect(events.length).toBeLessThanOrEqual(Math.ceil(summary.ms / 100) + 4);
  });
});

describe('phases', () => {
  it('runs a plugged-in photos phase after pull and push, with its own progress and errors', async () => {
    const order: string[] = [];
    const c = client({
      client: {
        phases: {
          photos: async (ctx) => {
            order.push(`photos after ${c.client.engine.progress.current?.pulled ?? 0} pulled`);
            ctx.report(1, 2);
            ctx.report(2, 2);
            return { ok: false, error: { code: 'FILE', message: 'A photo could not be read.' } };
          },
        },
      },
    });
    const events: SyncProgressEvent[] = [];
    c.client.engine.progress.subscribe((e) => events.push(e));
    const summary = await c.client.engine.sync();
    expect(order).toEqual([`photos after ${summary.pulled} pulled`]);
    expect(summary.error).toMatchObject({ code: 'FILE' });
    expect(events.map((e) => e.phase)).toContain('photos');
    expect(events.at(-1)?.phase).toBe('idle');
  });
});

describe('reference data cache', () => {
  it('leaves fresh reference collections out of the request, and stays correct on a server that reads them anyway', async () => {
    const c = await synced({ client: { referenceTtlMs: 60 * 60_000 } });
    const reference = entityGraph.ordered.filter((d) => d.referenceData).map((d) => d.collection);
    const everyday = entityGraph.ordered.filter((d) => !d.referenceData).map((d) => d.collection);
    // Does this server read only the collections a request names?
    const probe = await env.server.sync('demo', { cursors: { [everyday[0] as string]: null }, limit: 1 });
    const partial = Object.keys(probe.cursors).length === 1;
    const cached = await c.client.engine.sync();
    expect(cached).toMatchObject({ pulled: 0, requests: 1 });
    await expectEqualsServer(c);
    const again = await c.client.engine.sync();
    expect(again).toMatchObject({ pulled: 0, requests: 1 });
    if (partial) {
      expect(again.bytesUp + again.bytesDown).toBeLessThan(cached.bytesUp + cached.bytesDown + 1);
    } else {
      // The server answered for the left-out collections: the engine dropped that and now asks for all.
      expect(reference.every((r) => c.store.getCursors()[r] !== null)).toBe(true);
    }
    await expectEqualsServer(c);
  });
});

describe('conflicts', () => {
  it('edits of different fields merge; edits of the same field go to the last push and are recorded', async () => {
    const [a, b] = [await synced(), await synced()];
    const school = firstId(a, 'schools', 3);
    a.store.updateRecord('school', school, { name: 'Name from A', headTeacher: 'Head from A' });
    b.store.updateRecord('school', school, { phone: '+254 711 000 000', headTeacher: 'Head from B' });
    await a.client.engine.sync();
    const bSummary = await b.client.engine.sync();
    expect(bSummary.conflicts).toBeGreaterThan(0);
    await a.client.engine.sync();
    for (const c of [a, b]) {
      expect(c.store.getRecord('school', school)?.fields).toMatchObject({
        name: 'Name from A',
        phone: '+254 711 000 000',
        headTeacher: 'Head from B',
      });
    }
    const [conflict] = b.store.listConflicts().filter((x) => x.recordId === school);
    expect(conflict).toMatchObject({ kind: 'last_write_wins' });
    expect(conflict?.fields.find((f) => f.field === 'headTeacher')).toMatchObject({
      local: 'Head from B',
      server: 'Head from A',
    });
    await expectEqualsServer(a);
  });

  it('concurrent reviews of a visit are held for the officer, and the override syncs as a new version', async () => {
    const [a, b] = [await synced(), await synced()];
    const visit = firstId(a, 'school_visits', 2);
    a.store.updateRecord('schoolVisit', visit, { reviewStatus: 'approved', reviewComment: 'Fine' });
    b.store.updateRecord('schoolVisit', visit, { reviewStatus: 'flagged', reviewComment: 'Check the register' });
    await a.client.engine.sync();
    await b.client.engine.sync();
    const held = b.store.listConflicts({ status: 'open' }).find((x) => x.recordId === visit);
    expect(held?.kind).toBe('held');
    const before = b.store.getRecord('schoolVisit', visit)?.version ?? 0;
    const choice = Object.fromEntries((held?.fields ?? []).map((f) => [f.field, 'local' as const]));
    expect(b.store.resolveConflict(held?.id ?? '', choice).ok).toBe(true);
    expect((await b.client.engine.sync()).pushed).toBeGreaterThan(0);
    expect(b.store.getRecord('schoolVisit', visit)?.version).toBeGreaterThan(before);
    await a.client.engine.sync();
    expect(a.store.getRecord('schoolVisit', visit)?.fields).toMatchObject({
      reviewStatus: 'flagged',
      reviewComment: 'Check the register',
    });
  });

  it('client clocks a day apart change nothing: the later push wins, not the later clock', async () => {
    const day = 24 * 60 * 60_000;
    const ahead = await synced({ store: { now: () => new Date(Date.now() + day) } });
    const behind = await synced({ store: { now: () => new Date(Date.now() - day) } });
    const teacher = firstId(ahead, 'teachers', 10);
    ahead.store.updateRecord('teacher', teacher, { firstName: 'Ahead' });
    behind.store.updateRecord('teacher', teacher, { firstName: 'Behind' });
    await ahead.client.engine.sync();
    await behind.client.engine.sync();
    await ahead.client.engine.sync();
    for (const c of [ahead, behind]) expect(c.store.getRecord('teacher', teacher)?.fields.firstName).toBe('Behind');
    expect(behind.store.listConflicts().some((x) => x.recordId === teacher)).toBe(true);
    await expectEqualsServer(ahead);
  });
});

describe('outbox', () => {
  it('a rejected operation waits for the officer with its reason, and the others flow', async () => {
    const a = await synced();
    const assessment = firstId(a, 'pupil_assessments');
    const existing = rawConnection(a.store)
      .sqlite.prepare('SELECT id FROM assessment_results WHERE pupil_assessment_id = ?')
      .get(assessment) as { id: string } | undefined;
    expect(existing).toBeDefined();
    // A second result for the same assessment: the server's uniqueness rule refuses it.
    const created = a.store.createRecord('assessmentResult', {
      pupilAssessmentId: assessment,
      total: 3,
      benchmarkBand: 'emergent',
    });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    const school = firstId(a, 'schools', 1);
    a.store.updateRecord('school', school, { phone: '+254 722 111 111' });
    const summary = await a.client.engine.sync();
    expect(summary).toMatchObject({ pushed: 1, needsAttention: 1 });
    const [held] = a.store.listOutbox({ states: ['needs_attention'] });
    expect(held?.lastError?.message).toMatch(/already has/);
    expect((await serverSnapshot(reader)).schools?.[school]?.phone).toBe('+254 722 111 111');
  });

  it('deleted records never reappear, even with an edit pending elsewhere', async () => {
    const [a, b] = [await synced(), await synced()];
    const created = a.store.createRecord('teacher', {
      schoolId: firstId(a, 'schools'),
      firstName: 'Temporary',
      lastName: 'Teacher',
      gender: 'female',
      active: true,
    });
    const id = created.ok ? created.value.id : '';
    await a.client.engine.sync();
    await b.client.engine.sync();
    expect(b.store.getRecord('teacher', id)?.deleted).toBe(false);
    b.store.updateRecord('teacher', id, { phone: '+254 733 000 000' });
    a.store.deleteRecord('teacher', id);
    await a.client.engine.sync();
    await b.client.engine.sync();
    await b.client.engine.sync();
    expect(b.store.getRecord('teacher', id)?.deleted).toBe(true);
    expect(b.store.listConflicts().find((x) => x.recordId === id)?.kind).toBe('remote_delete');
    const fresh = await synced();
    expect(fresh.store.getRecord('teacher', id)).toBeUndefined();
    await expectEqualsServer(b);
  });
});
