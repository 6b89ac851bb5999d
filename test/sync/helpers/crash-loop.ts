import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { LocalStore, rawConnection } from '../../../src/main/store/local-store.js';
import { ServerApi } from '../../../src/main/sync/server-api.js';
import { appliedOps } from '../../../src/server/db/schema/server-tables.js';
import type { BlobStore } from '../../../src/server/photos/blob-store.js';
import { hashString, Random } from '../../../src/shared/fixtures/random.js';
import type { CollectionPage } from '../../../src/shared/protocol/records.js';
import type { TestServer } from '../../support/test-server.js';
import { DEMO } from './engine-env.js';
import { checkPhotosOnServer, type ImportedPhotos, photoVisit, writePhotoCard } from './photo-kills.js';
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
  /** Every this many kills, aim the kill at the sign-in instead of the sync (0 or absent: never). */
  readonly signInEvery?: number;
  /**
   * A second client (its own store, the same user on another PC) edits the very fields the first one just
   * edited and syncs before the first one's killed sync, so the kills land in conflict merges and rebases.
   */
  readonly conflictingClient?: boolean;
  /**
   * Photo kills: every `every`th kill (one not aimed at a sign-in) imports a card of new photos with the
   * bundled photos CLI (`bundleSyncCli(tag, 'scripts/photos-cli.ts')`) on a third store and kills it
   * during the upload; the next photo run resumes. At the end every photo must be on the server (the
   * photo plugin storing into `blobs`) exactly once, its bytes hashing to its SHA-256.
   */
  readonly photos?: { readonly cli: string; readonly blobs: BlobStore; readonly every: number };
}

export interface CrashLoopReport {
  /** Kills tried (aimed at a sync, or at a sign-in); fewer than asked when a problem stopped the loop. */
  readonly kills: number;
  readonly aimedAtSync: number;
  readonly aimedAtSignIn: number;
  /** Kills aimed at a photo upload (after the photos CLI's "photos: uploading"). */
  readonly aimedAtUpload: number;
  /** Kills that landed while a sync was running (after its "sync: started"). */
  readonly landedMidSync: number;
  /** Kills that landed during the sign-in (after "sync: signing in", before "sync: started"). */
  readonly landedInSignIn: number;
  /** Kills that landed while photos were uploading (before "photos: uploads finished"). */
  readonly landedMidUpload: number;
  /** Photos imported from the cards, each checked on the server at the end. */
  readonly photos: number;
  /** Children that finished before their kill landed (their exit code must be 0). */
  readonly finishedFirst: number;
  /** Edits by the second client of a field the first one had queued (0 without `conflictingClient`). */
  readonly conflictingEdits: number;
  /** Tracked edits whose op the server recorded as applied (checked in its applied_ops). */
  readonly acknowledged: number;
  readonly problems: readonly string[];
  readonly ms: number;
}

interface Tracked {
  /** Which client's store made the edit. */
  readonly db: string;
  readonly opId: string;
  /**
   * The record's ops already queued when this edit was made: a rebase may fold this edit into the
   * oldest of them (which keeps its opId), so the server applying that op acknowledges this edit too.
   */
  readonly queuedWith: readonly string[];
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
  const other = join(options.dir, `crash-${options.seed}-other.db`);
  const photoDb = join(options.dir, `crash-${options.seed}-photos.db`);
  const imported: ImportedPhotos = new Map();
  const visit = options.photos ? await photoVisit(options.server) : undefined;
  const problems: string[] = [];
  const ack = { count: 0 };
  let tracked: Tracked[] = [];
  let otherTracked: Tracked[] = [];
  /** entity/id/field keys the second client wrote: their final value is the merge's, not one client's. */
  const contested = new Set<string>();
  const counts = {
    attempted: 0,
    finishedFirst: 0,
    landedMidSync: 0,
    landedInSignIn: 0,
    aimedAtSignIn: 0,
    aimedAtUpload: 0,
    landedMidUpload: 0,
    conflictingEdits: 0,
  };
  let serial = 0;
  // How long syncs (and sign-ins) that outran their kill took: kills aim inside that span, so most land
  // mid-sync whether the machine is idle (short syncs) or loaded (long ones).
  const outran: number[] = [];
  const signIns: number[] = [];
  const uploads: number[] = [];
  const window = (spans: number[]) => {
    const sorted = [...spans].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return median === undefined
      ? options.maxDelayMs
      : Math.max(1, Math.min(options.maxDelayMs, Math.floor(median * 0.9)));
  };
  const check = async (file: string, list: Tracked[]) =>
    checkStore(options.server, file, list, contested, problems, ack);
  /** A run that nobody killed must succeed: its exit code is checked, not only the store after it. */
  const completed = (what: string, outcome: ChildOutcome) => {
    if (outcome.code !== 0) problems.push(`${what} exited with ${String(outcome.code)}: ${outcome.output}`);
  };

  if (options.conflictingClient)
    completed("the second client's first sync", await runChild(options.cli, syncArgs(options, other)));
  for (let kill = 0; kill < options.kills && problems.length === 0; kill++) {
    if (kill > 0 && kill % options.freshEvery === 0) {
      completed('the sync before a fresh start', await runChild(options.cli, syncArgs(options, db)));
      tracked = await check(db, tracked);
      if (tracked.length > 0) problems.push(`${tracked.length} edits not acknowledged after a complete sync`);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
    }
    tracked = await check(db, tracked);
    const mine = localEdits(db, rng, () => `crash-${options.seed}-${++serial}`);
    tracked.push(...mine);
    if (options.conflictingClient && mine.length > 0) {
      // The other PC writes the same fields (its own values) and gets there first: the killed sync below
      // pushes ops the server answers with a conflict, merges three-way and rebases them.
      otherTracked = await check(other, otherTracked);
      const theirs = conflictingEdits(other, mine, () => `crash-${options.seed}-other-${++serial}`);
      for (const t of theirs) contested.add(`${t.entity}/${t.id}.${t.field}`);
      counts.conflictingEdits += theirs.length;
      otherTracked.push(...theirs);
      completed("the second client's sync", await runChild(options.cli, syncArgs(options, other)));
    }
    await remoteChanges(options.server, rng, rng.int(0, 40));
    const signIn = (options.signInEvery ?? 0) > 0 && kill % (options.signInEvery ?? 1) === 1;
    counts.attempted++;
    if (signIn) counts.aimedAtSignIn++;
    else if (options.photos && visit && kill % options.photos.every === options.photos.every - 1) {
      // A card of new photos, imported and killed during its upload; the next photo run resumes it.
      counts.aimedAtUpload++;
      const card = await writePhotoCard(options.dir, ++serial, visit, 3, imported);
      const outcome = await runChild(options.photos.cli, photoArgs(options, photoDb, card), {
        after: 'photos: uploading',
        ms: rng.int(0, window(uploads)),
      });
      const finished = outcome.marks.get('photos: uploads finished');
      const began = outcome.marks.get('photos: uploading');
      if (!outcome.killed) {
        counts.finishedFirst++;
        completed('a photo import that finished before its kill', outcome);
        if (began !== undefined && finished !== undefined) uploads.push(finished - began);
      } else if (began !== undefined && finished === undefined) counts.landedMidUpload++;
      continue;
    }
    const outcome = await runChild(options.cli, syncArgs(options, db), {
      after: signIn ? 'sync: signing in' : 'sync: started',
      ms: rng.int(0, window(signIn ? signIns : outran)),
    });
    if (outcome.signInMs !== undefined && outcome.syncMs !== undefined) signIns.push(outcome.signInMs);
    if (!outcome.killed) {
      counts.finishedFirst++;
      completed('a sync that finished before its kill', outcome);
      if (outcome.syncMs !== undefined && !signIn) outran.push(outcome.syncMs);
    } else if (outcome.syncMs !== undefined) counts.landedMidSync++;
    else if (outcome.signInMs !== undefined) counts.landedInSignIn++;
  }

  completed('the sync after the last kill', await runChild(options.cli, syncArgs(options, db)));
  if (options.conflictingClient) {
    // Both PCs end where the server is: the other one pulls what the first pushed last.
    completed("the second client's last sync", await runChild(options.cli, syncArgs(options, other)));
    otherTracked = await check(other, otherTracked);
    if (otherTracked.length > 0) problems.push(`${otherTracked.length} edits of the second client never acknowledged`);
  }
  tracked = await check(db, tracked);
  if (tracked.length > 0) problems.push(`${tracked.length} edits never acknowledged: ${JSON.stringify(tracked[0])}`);
  if (options.photos) {
    // One more run with an empty card uploads what the last kill left; then every photo is checked.
    const empty = join(options.dir, 'card-empty');
    mkdirSync(empty, { recursive: true });
    completed(
      'the photo upload after the last kill',
      await runChild(options.photos.cli, photoArgs(options, photoDb, empty)),
    );
    problems.push(...(await checkPhotosOnServer(options.server, options.photos.blobs, imported)));
  }
  const reader = new ServerApi({ baseUrl: options.server.url, credentials: DEMO });
  try {
    const server = await serverSnapshot(reader);
    for (const file of options.conflictingClient ? [db, other] : [db]) {
      const store = LocalStore.open({ path: file });
      try {
        const { live, unsynced } = storeSnapshot(store);
        if (unsynced.length > 0) problems.push(`rows left unsynced: ${unsynced.slice(0, 3).join(', ')}`);
        problems.push(...diffSnapshots(server, live, 5));
      } finally {
        store.close();
      }
    }
  } finally {
    reader.close();
  }
  return {
    kills: counts.attempted,
    aimedAtSync: counts.attempted - counts.aimedAtSignIn - counts.aimedAtUpload,
    aimedAtSignIn: counts.aimedAtSignIn,
    aimedAtUpload: counts.aimedAtUpload,
    landedMidSync: counts.landedMidSync,
    landedInSignIn: counts.landedInSignIn,
    landedMidUpload: counts.landedMidUpload,
    photos: imported.size,
    finishedFirst: counts.finishedFirst,
    conflictingEdits: counts.conflictingEdits,
    acknowledged: ack.count,
    problems,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Integrity, and every tracked edit still queued or acknowledged: an edit that left the outbox must be in
 * the server's applied_ops (its op was applied, not dropped), and unless another PC wrote the same field,
 * the record holds its value. Returns the edits still queued.
 */
async function checkStore(
  server: TestServer,
  db: string,
  tracked: readonly Tracked[],
  contested: ReadonlySet<string>,
  problems: string[],
  ack: { count: number },
): Promise<Tracked[]> {
  const store = LocalStore.open({ path: db });
  const still: Tracked[] = [];
  const left: Tracked[] = [];
  try {
    const integrity = rawConnection(store).sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const queued = new Set(store.listOutbox().map((o) => o.opId));
    for (const [i, t] of tracked.entries()) {
      // Still queued, under its own op or folded into an older op of the record that a rebase kept.
      if (queued.has(t.opId) || t.queuedWith.some((id) => queued.has(id))) {
        still.push(t);
        continue;
      }
      // A later edit of the same field on this PC took this one's place in the queue.
      if (tracked.slice(i + 1).some((u) => u.entity === t.entity && u.id === t.id && u.field === t.field)) continue;
      left.push(t);
      if (contested.has(`${t.entity}/${t.id}.${t.field}`)) continue;
      const record = store.getRecord(t.entity, t.id);
      if (record?.localState !== 'synced' || record.fields[t.field] !== t.value) {
        problems.push(
          `lost edit ${t.entity}/${t.id}.${t.field}=${String(t.value)}: not queued, record has ${String(record?.fields[t.field])}`,
        );
      }
    }
  } finally {
    store.close();
  }
  if (left.length > 0) {
    const applied = new Set(
      (
        await server.db
          .select({ opId: appliedOps.opId })
          .from(appliedOps)
          .where(
            inArray(
              appliedOps.opId,
              tracked.flatMap((t) => [t.opId, ...t.queuedWith]),
            ),
          )
      ).map((r) => r.opId),
    );
    for (const t of left) {
      if (applied.has(t.opId) || t.queuedWith.some((id) => applied.has(id))) {
        ack.count++;
        continue;
      }
      const path = `/api/${t.entity === 'school' ? 'schools' : 'teachers'}/${t.id}`;
      const now = (await server.request('demo', 'GET', path)).body as { fields?: Record<string, unknown> } | undefined;
      const earlier = tracked.filter((u) => u.entity === t.entity && u.id === t.id && u !== t);
      problems.push(
        `edit ${t.entity}/${t.id}.${t.field}=${String(t.value)} left the outbox unapplied (op ${t.opId}, queued with ` +
          `${JSON.stringify(t.queuedWith)}; server now has ${JSON.stringify(now?.fields?.[t.field] ?? now)}; this PC's ` +
          `edits of the record: ${JSON.stringify(earlier.map((u) => [u.value, u.opId, applied.has(u.opId)]))})`,
      );
    }
  }
  return still;
}

function queuedFor(store: LocalStore, entity: string, id: string): string[] {
  return store
    .listOutbox()
    .filter((o) => o.entity === entity && o.recordId === id)
    .map((o) => o.opId);
}

/** The second PC edits the fields the first one just queued, with its own values (where it has the record). */
function conflictingEdits(db: string, edits: readonly Tracked[], token: () => string): Tracked[] {
  const store = LocalStore.open({ path: db });
  try {
    const made: Tracked[] = [];
    for (const e of edits) {
      if (!store.getRecord(e.entity, e.id)) continue;
      const queuedWith = queuedFor(store, e.entity, e.id);
      const value = token();
      const res = store.updateRecord(e.entity, e.id, { [e.field]: value });
      if (!res.ok || !res.value.opId) throw new Error(`edit on the second client failed: ${JSON.stringify(res)}`);
      made.push({ db, opId: res.value.opId, queuedWith, entity: e.entity, id: e.id, field: e.field, value });
    }
    return made;
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
      const queuedWith = queuedFor(store, entity, row.id);
      const value = token();
      const res = store.updateRecord(entity, row.id, { [field]: value });
      if (!res.ok || !res.value.opId) throw new Error(`local edit failed: ${JSON.stringify(res)}`);
      edits.push({ db, opId: res.value.opId, queuedWith, entity, id: row.id, field, value });
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

const MARKERS = ['sync: signing in', 'sync: started', 'photos: uploading', 'photos: uploads finished'] as const;
type Marker = (typeof MARKERS)[number];

interface ChildOutcome {
  readonly code: number | null;
  readonly killed: boolean;
  readonly output: string;
  /** When each marker was first printed (performance.now()), for those the child got to. */
  readonly marks: ReadonlyMap<Marker, number>;
  /** Since "sync: signing in" until the exit (or the kill), when the child got that far. */
  readonly signInMs?: number;
  /** Since "sync: started" until the exit (or the kill), when the child got that far. */
  readonly syncMs?: number;
}

/** The server, the demo user and the store file, as both CLIs take them. */
const asDemo = (options: CrashLoopOptions, db: string) =>
  ['--server', options.server.url, '--user', DEMO.username, '--password', DEMO.password, '--db', db] as const;

/** `npm run sync` on `db` as the demo user. */
function syncArgs(options: CrashLoopOptions, db: string): string[] {
  return ['sync', ...asDemo(options, db), '--page-limit', '25'];
}

/** `npm run photos -- import <card>` on `db` as the demo user, every photo assigned to its suggested visit. */
function photoArgs(options: CrashLoopOptions, db: string, card: string): string[] {
  return ['import', card, ...asDemo(options, db), '--assign', 'low', '--concurrency', '2'];
}

/** Runs a bundled CLI; with `kill`, SIGKILLs it `kill.ms` after it printed the marker `kill.after`. */
function runChild(cli: string, args: readonly string[], kill?: { after: Marker; ms: number }): Promise<ChildOutcome> {
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let killed = false;
  const seen = new Map<Marker, number>();
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    for (const marker of MARKERS) {
      if (seen.has(marker) || !output.includes(`${marker}\n`)) continue;
      seen.set(marker, performance.now());
      if (kill?.after !== marker) continue;
      setTimeout(() => {
        killed = child.exitCode === null && child.kill('SIGKILL');
      }, kill.ms);
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      const now = performance.now();
      const signingIn = seen.get('sync: signing in');
      const syncing = seen.get('sync: started');
      resolve({
        code,
        killed,
        output: output.slice(-2_000),
        marks: seen,
        ...(signingIn === undefined ? {} : { signInMs: (syncing ?? now) - signingIn }),
        ...(syncing === undefined ? {} : { syncMs: now - syncing }),
      });
    });
  });
}
