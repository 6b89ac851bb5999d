import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStore, rawConnection } from '../../../src/main/store/local-store.js';
import { ServerApi } from '../../../src/main/sync/server-api.js';
import { hashString, Random } from '../../../src/shared/fixtures/random.js';
import type { CollectionPage } from '../../../src/shared/protocol/records.js';
import type { TestServer } from '../../support/test-server.js';
import { DEMO } from './engine-env.js';
import { diffSnapshots, serverSnapshot, storeSnapshot } from './replica.js';

export interface CrashLoopOptions {
  readonly server: TestServer;
  /** The bundled sync CLI (see `bundleSyncCli`). */
  readonly cli: string;
  readonly dir: string;
  readonly kills: number;
  readonly seed: number;
  /** Start again from an empty store every this many kills, so first syncs get killed too. */
  readonly freshEvery: number;
  /** Upper bound of the random delay between "sync started" and the kill. */
  readonly maxDelayMs: number;
}

export interface CrashLoopReport {
  readonly kills: number;
  /** Children that finished before their kill landed. */
  readonly finishedFirst: number;
  readonly problems: readonly string[];
  readonly ms: number;
}

interface Tracked {
  readonly opId: string;
  readonly entity: string;
  readonly id: string;
  readonly field: string;
  readonly value: unknown;
}

/**
 * Kills a child process running `npm run sync` with SIGKILL at random points, over and over, on one
 * store file. Between kills it checks `PRAGMA integrity_check`, that every local edit is still in the
 * outbox or acknowledged (its value synced), and makes new local edits and remote changes so each
 * sync has something to push and pull. At the end one sync must complete and the replica must equal
 * the server.
 */
export async function crashLoop(options: CrashLoopOptions): Promise<CrashLoopReport> {
  const started = performance.now();
  const rng = new Random(hashString('crash-loop'), options.seed);
  const db = join(options.dir, `crash-${options.seed}.db`);
  const problems: string[] = [];
  let tracked: Tracked[] = [];
  let finishedFirst = 0;
  let serial = 0;
  // How long syncs that outran their kill took: kills aim inside that span, so most land mid-sync
  // whether the machine is idle (short syncs) or loaded (long ones).
  const outran: number[] = [];
  const killWindow = () => {
    const sorted = [...outran].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return median === undefined
      ? options.maxDelayMs
      : Math.max(1, Math.min(options.maxDelayMs, Math.floor(median * 0.9)));
  };

  for (let kill = 0; kill < options.kills && problems.length === 0; kill++) {
    if (kill > 0 && kill % options.freshEvery === 0) {
      const done = await runChild(options, db, undefined);
      if (done.code !== 0) problems.push(`sync before a fresh start failed: ${done.output}`);
      tracked = checkStore(db, tracked, problems);
      if (tracked.length > 0) problems.push(`${tracked.length} edits not acknowledged after a complete sync`);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
    }
    tracked = checkStore(db, tracked, problems);
    tracked.push(...localEdits(db, rng, () => `crash-${options.seed}-${++serial}`));
    await remoteChanges(options.server, rng, rng.int(0, 40));
    const outcome = await runChild(options, db, rng.int(0, killWindow()));
    if (!outcome.killed) {
      finishedFirst++;
      if (outcome.syncMs !== undefined) outran.push(outcome.syncMs);
    }
  }

  const final = await runChild(options, db, undefined);
  if (final.code !== 0) problems.push(`the sync after the last kill failed: ${final.output}`);
  tracked = checkStore(db, tracked, problems);
  if (tracked.length > 0) problems.push(`${tracked.length} edits never acknowledged: ${JSON.stringify(tracked[0])}`);
  const store = LocalStore.open({ path: db });
  const reader = new ServerApi({ baseUrl: options.server.url, credentials: DEMO });
  try {
    const { live, unsynced } = storeSnapshot(store);
    if (unsynced.length > 0) problems.push(`rows left unsynced: ${unsynced.slice(0, 3).join(', ')}`);
    problems.push(...diffSnapshots(await serverSnapshot(reader), live, 5));
  } finally {
    reader.close();
    store.close();
  }
  return { kills: options.kills, finishedFirst, problems, ms: Math.round(performance.now() - started) };
}

/** Integrity, and every tracked edit still queued or acknowledged; returns the edits still queued. */
function checkStore(db: string, tracked: readonly Tracked[], problems: string[]): Tracked[] {
  const store = LocalStore.open({ path: db });
  try {
    const integrity = rawConnection(store).sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const queued = new Set(store.listOutbox().map((o) => o.opId));
    const still: Tracked[] = [];
    for (const [i, t] of tracked.entries()) {
      if (queued.has(t.opId)) {
        still.push(t);
        continue;
      }
      // A later edit of the same field on this PC took this one's place in the queue.
      if (tracked.slice(i + 1).some((u) => u.entity === t.entity && u.id === t.id && u.field === t.field)) continue;
      const record = store.getRecord(t.entity, t.id);
      if (record?.localState !== 'synced' || record.fields[t.field] !== t.value) {
        problems.push(
          `lost edit ${t.entity}/${t.id}.${t.field}=${String(t.value)}: not queued, record has ${String(record?.fields[t.field])}`,
        );
      }
    }
    return still;
  } finally {
    store.close();
  }
}

/** One or two edits of schools and teachers (the remote writer touches other records: no conflicts). */
function localEdits(db: string, rng: Random, token: () => string): Tracked[] {
  const store = LocalStore.open({ path: db });
  try {
    const edits: Tracked[] = [];
    for (let i = rng.int(1, 2); i > 0; i--) {
      const [table, entity, field] = rng.pick([
        ['schools', 'school', 'headTeacher'],
        ['teachers', 'teacher', 'qualification'],
      ] as const);
      const row = rawConnection(store)
        .sqlite.prepare(`SELECT id FROM ${table} WHERE _deleted = 0 ORDER BY random() LIMIT 1`)
        .get() as { id: string } | undefined;
      if (!row) continue; // nothing pulled yet
      const value = token();
      const res = store.updateRecord(entity, row.id, { [field]: value });
      if (!res.ok || !res.value.opId) throw new Error(`local edit failed: ${JSON.stringify(res)}`);
      edits.push({ opId: res.value.opId, entity, id: row.id, field, value });
    }
    return edits;
  } finally {
    store.close();
  }
}

/** Changes `n` teacher observations on the server as another client, so the next sync has pages to pull. */
async function remoteChanges(server: TestServer, rng: Random, n: number): Promise<void> {
  if (n === 0) return;
  const page = await server.request('demo', 'GET', '/api/teacher-visits?limit=200');
  const items = (page.body as CollectionPage).items.filter((r) => !r.deleted);
  const ops = Array.from({ length: n }, () => rng.pick(items)).filter((r, i, all) => all.indexOf(r) === i);
  await server.writeAs(
    {},
    ops.map((r) => ({
      opId: crypto.randomUUID(),
      entity: 'teacherVisit',
      id: r.id,
      baseVersion: r.version,
      changes: { notes: `remote ${rng.int(0, 1e9)}` },
    })),
  );
}

/** Runs the CLI; with `killAfterMs`, SIGKILLs it that long after it announced the sync started. */
function runChild(
  options: CrashLoopOptions,
  db: string,
  killAfterMs: number | undefined,
): Promise<{ code: number | null; killed: boolean; output: string; syncMs?: number }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      options.cli,
      'sync',
      '--server',
      options.server.url,
      '--user',
      'demo',
      '--password',
      'demo',
      '--db',
      db,
      '--page-limit',
      '25',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let killed = false;
  let startedAt: number | undefined;
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    if (startedAt === undefined && output.includes('sync: started')) {
      startedAt = performance.now();
      if (killAfterMs === undefined) return;
      setTimeout(() => {
        killed = child.kill('SIGKILL') && child.exitCode === null;
      }, killAfterMs);
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code) =>
      resolve({
        code,
        killed,
        output: output.slice(-2_000),
        ...(startedAt === undefined ? {} : { syncMs: performance.now() - startedAt }),
      }),
    );
  });
}
