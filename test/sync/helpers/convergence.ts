import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LocalStore, rawConnection } from '../../../src/main/store/local-store.js';
import { ServerApi } from '../../../src/main/sync/server-api.js';
import { createSyncClient, type SyncClient } from '../../../src/main/sync/sync-client.js';
import type { ServerDb } from '../../../src/server/db/server-database.js';
import { hashString, Random } from '../../../src/shared/fixtures/random.js';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.js';
import type { TestDatabase } from '../../support/test-server.js';
import { startEngineServer, tempDir } from './engine-env.js';
import {
  type Fault,
  type FaultedSync,
  type FaultTargets,
  liftFaults,
  pickFault,
  syncUnderFault,
} from './fault-plan.js';
import { checkConvergence } from './oracle.js';
import { PushRecorder } from './push-recorder.js';
import { storeSnapshot } from './replica.js';
import {
  type ActionContext,
  poolOf,
  randomCreate,
  randomDelete,
  randomEdit,
  randomReview,
  Tracker,
} from './workload.js';

const DAY = 24 * 60 * 60_000;
/** Client clocks: a day behind, right, a day ahead. Nothing may depend on them. */
export const CLOCK_SKEWS = [-DAY, 0, DAY] as const;
export const DEMO = { username: 'demo', password: 'demo' } as const;

export interface ConvergenceEnv {
  readonly dir: string;
  readonly serverUrl: string;
  /** One proxy per client, in front of the server. */
  readonly proxies: readonly FaultProxy[];
  readonly failServer?: (n: number) => void;
  /** A store in step with the server, copied for each client of each schedule. */
  readonly golden: string;
  /** A session token shared by every client (signing in costs the server a password hash). */
  readonly token?: string;
  /** What the server received and applied, for the oracle. */
  readonly recorder: PushRecorder;
  /** The server's database (the recorder reads its ledger of applied ops). */
  readonly db: ServerDb;
  readonly served5xx?: () => number;
  /** The golden store may be behind the server (set while a schedule runs, cleared when it converged). */
  goldenStale?: boolean;
}

export interface ScheduleOutcome {
  readonly seed: number;
  readonly failures: readonly string[];
  readonly syncs: number;
  readonly failedSyncs: number;
  readonly conflicts: number;
  /** Faults picked for a sync. */
  readonly faults: Partial<Record<Fault, number>>;
  /** Faults that took effect on their sync (a cut that fired, a reset that hit a connection, …). */
  readonly effective: Partial<Record<Fault, number>>;
  /** Writes (field values) the server acknowledged, and times two clients synced at once. */
  readonly acknowledged: number;
  readonly concurrentSyncs: number;
  /** Fields whose acknowledged writes came from two or more clients. */
  readonly contested: number;
}

export interface ScheduleOptions {
  readonly seed: number;
  readonly steps: number;
  readonly clients: number;
  /** Records per type the clients edit (small: more collisions). Default 3. */
  readonly pool?: number;
  /** Sync steps sync a random group of clients at the same time (Promise.all), final rounds too. */
  readonly concurrent?: boolean;
  readonly trace?: (line: string) => void;
}

/**
 * The shape of schedule `seed` in the suite and the soak: two records per type (collisions), 3 clients
 * in three schedules of four, and in every other schedule clients syncing at the same moment.
 */
export function scheduleOf(seed: number, steps: number): ScheduleOptions {
  return { seed, steps, pool: 2, clients: seed % 4 === 0 ? 2 : 3, concurrent: seed % 2 === 0 };
}

/** A tiny-seeded server with one fault proxy per client and a golden store; `close()` tears it down. */
export async function startConvergenceEnv(
  prefix: string,
  options: { database?: TestDatabase } = {},
): Promise<{ env: ConvergenceEnv; close(): Promise<void> }> {
  const recorder = new PushRecorder();
  const server = await startEngineServer('tiny', {
    plugins: [recorder.plugin],
    ...(options.database ? { database: options.database } : {}),
  });
  const tmp = tempDir(prefix);
  const proxies = await Promise.all(
    [0, 1, 2].map(() => startFaultProxy({ target: { host: '127.0.0.1', port: server.server.port } })),
  );
  const env: ConvergenceEnv = {
    dir: tmp.dir,
    serverUrl: server.server.url,
    proxies,
    failServer: server.failNext,
    served5xx: server.served503,
    recorder,
    db: server.server.db,
    token: (await server.server.login('demo')).token,
    golden: await makeGolden(tmp.dir, server.server.url),
  };
  return {
    env,
    close: async () => {
      for (const p of proxies) await p.close();
      await server.close();
      tmp.cleanup();
    },
  };
}

/** Syncs a fresh store once with the server, to be copied as each client's starting point. */
export async function makeGolden(dir: string, serverUrl: string): Promise<string> {
  const path = join(dir, 'golden.db');
  const store = LocalStore.open({ path });
  const client = createSyncClient({ baseUrl: serverUrl, store, credentials: DEMO });
  const summary = await client.engine.sync();
  client.close();
  store.close();
  if (summary.error) throw new Error(`golden sync failed: ${summary.error.message}`);
  return path;
}

interface Replica {
  readonly store: LocalStore;
  readonly client: SyncClient;
  readonly path: string;
  readonly clientId: string;
}

/**
 * One seeded schedule: 2–3 clients (each its own store file, clock and proxy) make random edits,
 * reviews, creates and deletes and sync under random faults; then the faults stop, the officer
 * settles held conflicts, every client syncs twice, and the oracle checks convergence.
 */
export async function runSchedule(env: ConvergenceEnv, options: ScheduleOptions): Promise<ScheduleOutcome> {
  const trace = options.trace ?? (() => {});
  const rng = new Random(hashString('convergence'), options.seed);
  const virtual = { offsetMs: 0 };
  const replicas: Replica[] = [];
  const faults: Partial<Record<Fault, number>> = {};
  const effective: Partial<Record<Fault, number>> = {};
  const tracker = new Tracker();
  let syncs = 0;
  let failedSyncs = 0;
  let conflicts = 0;
  let concurrentSyncs = 0;
  const count = (summary: { error?: unknown; conflicts: number }) => {
    syncs++;
    conflicts += summary.conflicts;
    if (summary.error) failedSyncs++;
  };
  // One clock for the clients' writes and the server's arrivals: a push can only carry earlier writes.
  const tick = () => {
    tracker.now++;
    env.recorder.now = tracker.now;
  };
  const outcome = (
    failures: string[],
    acknowledged = 0,
    stats: { contested: number } = { contested: 0 },
  ): ScheduleOutcome => ({
    seed: options.seed,
    failures,
    syncs,
    failedSyncs,
    conflicts,
    faults,
    effective,
    acknowledged,
    concurrentSyncs,
    contested: stats.contested,
  });
  try {
    for (let i = 0; i < options.clients; i++) {
      const path = join(env.dir, `s${options.seed}-c${i}.db`);
      cloneStore(env.golden, path);
      const storeRng = new Random(hashString('store'), options.seed * 8 + i);
      const store = LocalStore.open({
        path,
        now: () => new Date(Date.now() + (CLOCK_SKEWS[i] ?? 0) + virtual.offsetMs),
        random: () => storeRng.next(),
      });
      const client = createSyncClient({
        baseUrl: (env.proxies[i] as FaultProxy).url,
        store,
        ...(env.token ? { token: env.token } : {}),
        credentials: DEMO,
        // Generous: a loaded CI machine must not turn a slow answer into a failed final sync.
        idleTimeoutMs: 10_000,
        connectTimeoutMs: 1_000,
        pageLimit: rng.pick([50, 200, 1_000]),
      });
      replicas.push({ store, client, path, clientId: store.clientId() });
      // A golden store left behind by a failed schedule is not in step with the server: catch up first.
      if (env.goldenStale) count(await mustSync(client, `client ${i} catch-up`));
    }
    env.goldenStale = true;
    env.recorder.reset();
    const initial = storeSnapshot((replicas[0] as Replica).store).live;
    const pool = poolOf((replicas[0] as Replica).store, options.pool ?? 3);
    for (let step = 0; step < options.steps; step++) {
      tick();
      const i = rng.int(0, replicas.length - 1);
      const { store } = replicas[i] as Replica;
      const ctx: ActionContext = { rng, store, pool, tracker, seed: options.seed, client: i, step };
      const action = rng.weighted([
        ['edit', 4],
        ['review', 1],
        ['create', 1],
        ['delete', 1],
        ['sync', 5],
      ] as const);
      const writes = tracker.writes.length;
      if (action === 'edit') randomEdit(ctx);
      else if (action === 'review') randomReview(ctx);
      else if (action === 'create') randomCreate(ctx);
      else if (action === 'delete') randomDelete(ctx);
      if (action !== 'sync') {
        trace(`step ${step}: client ${i} ${action} ${JSON.stringify(tracker.writes.slice(writes))}`);
        continue;
      }
      // Concurrent schedules sync this client with a random group of the others, all at once.
      const group = options.concurrent
        ? [i, ...replicas.keys()].filter((c, k, all) => all.indexOf(c) === k && (c === i || rng.chance(0.6)))
        : [i];
      if (group.length > 1) concurrentSyncs++;
      const picked = group.map((c) => [c, pickFault(rng)] as const);
      for (const c of group) tracker.syncs.push({ client: c, t: tracker.now });
      const results = await Promise.all(
        picked.map(([c, fault]) =>
          syncUnderFault((replicas[c] as Replica).client, fault, targetsOf(env, c, group.length > 1), rng),
        ),
      );
      for (const [k, [c, fault]] of picked.entries()) {
        const { summary, tookEffect } = results[k] as FaultedSync;
        faults[fault] = (faults[fault] ?? 0) + 1;
        if (tookEffect) effective[fault] = (effective[fault] ?? 0) + 1;
        count(summary);
        trace(
          `step ${step}: client ${c} sync under ${fault} (${tookEffect ? 'hit' : 'missed'}): ${JSON.stringify(summary)}`,
        );
      }
    }

    // The faults stop and backoffs expire. Every client syncs at least twice; before each round the
    // officer settles what is held and retries what needs attention. The rounds end once a round had
    // nothing to settle before it and nothing pushed in it: then every client has seen every write.
    for (let i = 0; i < replicas.length; i++) await liftFaults(targetsOf(env, i, false));
    // The network is back: as the app does on the OS's network-change event (AccountSession.recheckServer),
    // pooled connections the faults reset are dropped, so the final rounds do not write into a dead
    // keep-alive socket (seed 76 failed so: "write ECONNRESET" on the first final sync).
    for (const { client } of replicas) client.connection.dropIdleConnections();
    virtual.offsetMs += 2 * 60 * 60_000;
    for (let round = 0; round < 8; round++) {
      let quiet = true;
      tick();
      for (const [i, { store }] of replicas.entries()) {
        quiet = officerSettles(store, i, rng, tracker, (l) => trace(`client ${i} ${l}`)) && quiet;
      }
      tick();
      for (const i of replicas.keys()) tracker.syncs.push({ client: i, t: tracker.now });
      const summaries = options.concurrent
        ? await Promise.all(replicas.map(({ client }, i) => mustSync(client, `client ${i} final round ${round + 1}`)))
        : [];
      if (options.concurrent) concurrentSyncs++;
      else
        for (const [i, { client }] of replicas.entries())
          summaries.push(await mustSync(client, `client ${i} final round ${round + 1}`));
      for (const [i, summary] of summaries.entries()) {
        count(summary);
        if (summary.pushed > 0) quiet = false;
        trace(`final round ${round + 1}: client ${i} ${JSON.stringify(summary)}`);
      }
      if (quiet && round >= 1) break;
    }
    const applied = await env.recorder.applied(env.db);
    const reader = new ServerApi({ baseUrl: env.serverUrl, credentials: DEMO });
    const stats = { contested: 0 };
    const failures = await checkConvergence(
      reader,
      replicas.map((r) => r.store),
      tracker,
      { initial, applied, clientIds: replicas.map((r) => r.clientId), stats },
    );
    reader.close();
    if (failures.length === 0) refreshGolden(env, (replicas[0] as Replica).store);
    return outcome(
      failures,
      applied.reduce((n, op) => n + Object.keys(op.changes).length, 0),
      stats,
    );
  } catch (error) {
    return outcome([String(error)]);
  } finally {
    for (const { store, client, path } of replicas) {
      client.close();
      store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    }
  }
}

/** A converged replica becomes the next schedules' starting point, so clients need no catch-up sync. */
function refreshGolden(env: ConvergenceEnv, store: LocalStore): void {
  rawConnection(store).sqlite.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(rawConnection(store).sqlite.name, env.golden);
  env.goldenStale = false;
}

/**
 * Copies the golden store for one client. Each copy gets its own client id: the server leaves out of
 * a client's pulls whatever that client id wrote last, so two stores sharing one would miss each
 * other's writes.
 */
function cloneStore(from: string, to: string): void {
  copyFileSync(from, to);
  const db = new Database(to);
  db.prepare("UPDATE store_meta SET value = ? WHERE key = 'client_id'").run(randomUUID());
  db.close();
}

/** A client's proxy, and the server's outage switch (not while clients sync at once: it would hit any of them). */
function targetsOf(env: ConvergenceEnv, i: number, shared: boolean): FaultTargets {
  return {
    proxy: env.proxies[i] as FaultProxy,
    ...(env.failServer && !shared ? { failServer: env.failServer } : {}),
    ...(env.served5xx ? { served5xx: env.served5xx } : {}),
  };
}

async function mustSync(client: SyncClient, what: string) {
  const summary = await client.engine.sync();
  if (summary.error)
    throw new Error(`${what} failed: ${summary.error.code} ${summary.error.message} ${summary.error.detail ?? ''}`);
  return summary;
}

/**
 * Resolves every held conflict (keeping one side at random) and retries every op needing attention.
 * The tracker records each choice; keeping the local side is a write of the kept values, made now.
 */
function officerSettles(
  store: LocalStore,
  client: number,
  rng: Random,
  tracker: Tracker,
  trace: (line: string) => void,
): boolean {
  let settled = true;
  for (const conflict of store.listConflicts({ status: 'open' }).filter((c) => c.kind === 'held')) {
    settled = false;
    const side = rng.pick(['local', 'server'] as const);
    const fields = conflict.fields.map((f) => f.field);
    tracker.choices.push({ client, entity: conflict.entity, id: conflict.recordId, fields, side, t: tracker.now });
    if (side === 'local') {
      for (const f of conflict.fields) {
        tracker.writes.push({
          client,
          entity: conflict.entity,
          id: conflict.recordId,
          field: f.field,
          value: f.local,
          baseVersion: null,
          step: -1,
          t: tracker.now,
          origin: 'officer',
        });
      }
    }
    const res = store.resolveConflict(conflict.id, Object.fromEntries(conflict.fields.map((f) => [f.field, side])));
    trace(
      `officer keeps ${side} for ${conflict.entity}/${conflict.recordId} ${JSON.stringify(conflict.fields)}: ${JSON.stringify(res)}`,
    );
    if (!res.ok) throw new Error(`resolving conflict ${conflict.id}: ${res.error.message}`);
  }
  for (const op of store.listOutbox({ states: ['needs_attention'] })) {
    settled = false;
    const res = store.retryOp(op.opId);
    if (!res.ok) throw new Error(`retrying ${op.opId}: ${res.error.message}`);
  }
  if (Object.values(store.outboxCounts()).some((n) => n > 0)) settled = false;
  return settled;
}
