import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore, rawConnection } from '../../src/main/store/local-store.js';
import { ServerApi } from '../../src/main/sync/server-api.js';
import { createSyncClient } from '../../src/main/sync/sync-client.js';
import { createServerApp } from '../../src/server/create-server-app.js';
import { renewEpoch } from '../../src/server/sync/feed-head.js';
import type { SyncProgressEvent } from '../../src/shared/sync-events.js';
import { create, schoolFields, update } from '../server/helpers/records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { bundleSyncCli, removeSyncCliBundle } from './helpers/cli-bundle.js';
import { DEMO, tempDir } from './helpers/engine-env.js';
import { diffSnapshots, serverSnapshot, storeSnapshot } from './helpers/replica.js';

/**
 * The app acting on RESYNC (410): the server's database was restored from a backup (simulated here on
 * the live database: a record lost, one rolled back to an older version, then a new epoch and a new
 * server process on it). The engine downloads everything again, keeping its unsent outbox, and ends
 * equal to a fresh full pull plus its own edits pushed; a kill -9 in the middle resumes.
 */
let server: TestServer;
let tmp: ReturnType<typeof tempDir>;
let cli: string;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  server = await startTestServer({ seed: 'tiny' });
  tmp = tempDir('fieldsync-resync-');
  cli = await bundleSyncCli(`resync-${process.pid}`);
}, 60_000);
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await server?.close();
  tmp?.cleanup();
  if (cli) removeSyncCliBundle(cli);
});

/** A server process started on the (restored) database after `db new-epoch`, as the operator would. */
async function restartedServer(): Promise<{ url: string; app: FastifyInstance }> {
  const app = await createServerApp({ database: server.database });
  await app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(() => app.close());
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, app };
}

function openStore(name: string): LocalStore {
  const store = LocalStore.open({ path: join(tmp.dir, name) });
  closers.push(() => store.close());
  return store;
}

function clientOn(url: string, store: LocalStore, pageLimit?: number) {
  const client = createSyncClient({ baseUrl: url, store, credentials: DEMO, ...(pageLimit ? { pageLimit } : {}) });
  closers.push(() => client.close());
  return client;
}

function schoolRow(store: LocalStore, id: string) {
  return rawConnection(store)
    .sqlite.prepare('SELECT name, _version AS version, _local_state AS state FROM schools WHERE id = ?')
    .get(id) as { name: string; version: number; state: string } | undefined;
}

/**
 * A client that synced, then edits (an update, a create, an edit of a record the restore loses), while
 * the server is restored to an earlier state: one record it had is gone, one is back at an older
 * version, and the epoch is new.
 */
async function restoredAfterSync(storeName: string) {
  const districtId = server.facts?.demo.districts[0]?.id ?? '';
  const made = [0, 1, 2, 3].map((i) =>
    create('school', schoolFields(districtId, `Before the backup ${storeName} ${i}`)),
  );
  const [gone, lostWithEdit, rolledBack, rolledBackEdited] = made;
  if (!gone || !lostWithEdit || !rolledBack || !rolledBackEdited) throw new Error('no ops');
  await server.writeAs({}, made);
  await server.writeAs(
    {},
    [rolledBack, rolledBackEdited].map((op) => update('school', op.id, 1, { name: `After the backup ${storeName}` })),
  );

  const store = openStore(storeName);
  const first = await clientOn(server.url, store).engine.sync();
  expect(first.error).toBeUndefined();
  expect(schoolRow(store, rolledBack.id)).toMatchObject({ version: 2, name: `After the backup ${storeName}` });

  const edited = rawConnection(store)
    .sqlite.prepare(`SELECT id FROM schools WHERE id NOT IN (${made.map(() => '?').join(', ')}) ORDER BY id LIMIT 1`)
    .pluck()
    .get(...made.map((op) => op.id)) as string;
  expect(store.updateRecord('school', edited, { name: `Edited offline ${storeName}` }).ok).toBe(true);
  const created = store.createRecord('school', schoolFields(districtId, `Created offline ${storeName}`));
  if (!created.ok) throw new Error(created.error.message);
  expect(store.updateRecord('school', lostWithEdit.id, { name: `Edit the restore loses ${storeName}` }).ok).toBe(true);
  // Edited here at version 2, a version the restored server has again only at version 1.
  expect(store.updateRecord('school', rolledBackEdited.id, { enrolment: 321 }).ok).toBe(true);

  // The restore: what was written after the backup is gone, the rest is as it was then.
  await server.db.execute(sql`DELETE FROM schools WHERE id IN (${gone.id}, ${lostWithEdit.id})`);
  await server.db.execute(
    sql`UPDATE schools SET version = 1, name = 'Restored' WHERE id IN (${rolledBack.id}, ${rolledBackEdited.id})`,
  );
  await renewEpoch(server.db);
  return {
    store,
    gone: gone.id,
    lostWithEdit: lostWithEdit.id,
    rolledBack: rolledBack.id,
    rolledBackEdited: rolledBackEdited.id,
    edited,
    created: created.value.id,
  };
}

/** The client equals a fresh full pull of the server, except the rows it keeps for the officer. */
async function expectFreshPullPlus(store: LocalStore, url: string, kept: readonly string[]): Promise<void> {
  const reader = new ServerApi({ baseUrl: url, credentials: DEMO });
  try {
    const { live, unsynced } = storeSnapshot(store);
    expect(unsynced.sort()).toEqual(kept.map((id) => `school/${id}`).sort());
    for (const id of kept) delete live.schools?.[id];
    expect(diffSnapshots(await serverSnapshot(reader), live)).toEqual([]);
  } finally {
    reader.close();
  }
}

describe('the server answers RESYNC (restored from a backup)', () => {
  it('downloads everything again, keeps and then pushes the unsent edits, drops what the server lost', async () => {
    const before = await restoredAfterSync('restore.db');
    const { url } = await restartedServer();
    const client = clientOn(url, before.store);
    const events: SyncProgressEvent[] = [];
    client.engine.progress.subscribe((e) => events.push(e));

    const summary = await client.engine.sync();

    expect(summary.error).toBeUndefined();
    expect(events.some((e) => e.resync === true)).toBe(true);
    expect(before.store.resyncInProgress()).toBe(false);
    // Lost by the restore, no local edit: gone here too. Rolled back: the server's older version wins.
    expect(schoolRow(before.store, before.gone)).toBeUndefined();
    expect(schoolRow(before.store, before.rolledBack)).toMatchObject({ version: 1, name: 'Restored', state: 'synced' });
    // Edited here over a version the restore took back: merged with the restored record, then pushed.
    expect(schoolRow(before.store, before.rolledBackEdited)).toMatchObject({
      version: 2,
      name: 'Restored',
      state: 'synced',
    });
    // The officer's edits reached the restored server.
    const onServer = async (id: string) =>
      ((await server.db.execute(sql`SELECT name, enrolment FROM schools WHERE id = ${id}`)) as { rows: unknown[] })
        .rows[0];
    expect(await onServer(before.edited)).toMatchObject({ name: 'Edited offline restore.db' });
    expect(await onServer(before.created)).toMatchObject({ name: 'Created offline restore.db' });
    expect(await onServer(before.rolledBackEdited)).toEqual({ name: 'Restored', enrolment: 321 });
    // The edit of a record the restore lost is not silently dropped: it waits for the officer, with its reason.
    expect(schoolRow(before.store, before.lostWithEdit)).toMatchObject({ state: 'pending' });
    const attention = before.store.listOutbox({ states: ['needs_attention'] });
    expect(attention.map((op) => op.recordId)).toEqual([before.lostWithEdit]);
    expect(summary.needsAttention).toBe(1);
    await expectFreshPullPlus(before.store, url, [before.lostWithEdit]);
  }, 60_000);

  it('a kill -9 in the middle of the download leaves a store that resumes it', async () => {
    const before = await restoredAfterSync('killed.db');
    const file = join(tmp.dir, 'killed.db');
    // The app is closed (client and store); the child process opens the file now.
    for (const close of closers.splice(0).reverse()) await close();
    const { url } = await restartedServer();

    // The bundled sync CLI (the app's engine) downloads 5 records a page; killed once it is well into it.
    const child = spawn(
      process.execPath,
      [
        cli,
        '--server',
        url,
        '--user',
        DEMO.username,
        '--password',
        DEMO.password,
        '--db',
        file,
        '--page-limit',
        '5',
        '--progress',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let killedAt = 0;
    let buffered = '';
    child.stderr.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const event = JSON.parse(line) as SyncProgressEvent;
        if (event.resync && event.pulled >= 40 && killedAt === 0) {
          killedAt = event.pulled;
          child.kill('SIGKILL');
        }
      }
    });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    expect(exit).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThanOrEqual(40);

    const store = openStore('killed.db');
    expect(store.resyncInProgress()).toBe(true);
    // Part of the download is committed (some cursors moved), and nothing of the outbox was lost.
    expect(Object.values(store.getCursors()).some((c) => c !== null)).toBe(true);
    expect(store.outboxCounts().pending + store.outboxCounts().failed).toBe(4);

    const summary = await clientOn(url, store).engine.sync();
    expect(summary.error).toBeUndefined();
    expect(store.resyncInProgress()).toBe(false);
    expect(schoolRow(store, before.gone)).toBeUndefined();
    expect(schoolRow(store, before.rolledBack)).toMatchObject({ version: 1 });
    await expectFreshPullPlus(store, url, [before.lostWithEdit]);
  }, 90_000);
});
