import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { setLogSink } from '../../src/main/log.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { startPhotoServer } from '../photos/support/photo-server.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { coreUnderTest } from './helpers/core-under-test.js';

setLogSink(() => undefined);

let server: Awaited<ReturnType<typeof startPhotoServer>>;
let proxy: FaultProxy;
const card = mkdtempSync(join(tmpdir(), 'fieldsync-quit-card-'));
beforeAll(async () => {
  server = await startPhotoServer();
  // A 2G link: 4 kB/s each way, so a photo's parts are on the wire for minutes.
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: server.server.port }, bytesPerSecond: 4_000 });
});
afterAll(async () => {
  await proxy?.close();
  await server?.server.close();
  rmSync(card, { recursive: true, force: true });
});

it('closing the app mid-upload ends within seconds, and the upload resumes at the next start', {
  timeout: 60_000,
}, async () => {
  const app = await coreUnderTest();
  const { handlers } = app.core;
  proxy.set({ bytesPerSecond: 0 });
  const synced = app.next((e): e is Extract<AppEvent, { kind: 'sync:finished' }> => e.kind === 'sync:finished');
  expect((await handlers['session:signIn']({ serverUrl: proxy.url, username: 'demo', password: 'demo' })).ok).toBe(
    true,
  );
  await synced;
  await writeCard(card, { 'DCIM/100CANON/IMG_0001.JPG': await makePhoto({ seed: 1, edge: 700 }) });
  const scanned = await handlers['photos:scan']({ path: card });
  if (!scanned.ok) throw new Error(scanned.error.message);
  const visits = await handlers['graph:visits']({ offset: 0, limit: 1 });
  if (!visits.ok) throw new Error(visits.error.message);
  const schoolVisitId = visits.value.items[0]?.id ?? '';
  proxy.set({ bytesPerSecond: 4_000 });
  const uploading = app.next(
    (e): e is Extract<AppEvent, { kind: 'photos:progress' }> =>
      e.kind === 'photos:progress' && e.progress.kind === 'photo-file' && e.progress.state === 'uploading',
  );
  const committed = await handlers['photos:commit']({
    scanId: scanned.value.scanId,
    assignments: scanned.value.candidates.map(({ sha256 }) => ({ sha256, schoolVisitId })),
  });
  expect(committed.ok).toBe(true);
  await uploading;
  const account = app.core.session.account();
  if (!account.ok) throw new Error('signed out');
  // The part is on the wire once its bytes are counted as sent (a busy machine may take a while).
  const sha256 = scanned.value.candidates[0]?.sha256 ?? '';
  await vi.waitFor(() => expect(account.value.store.photoUploads.get(sha256)?.bytesSent ?? 0).toBeGreaterThan(0), {
    timeout: 10_000,
    interval: 50,
  });
  expect(account.value.status().running).toBe(true);
  const database = account.value.store.file ?? '';

  const started = performance.now();
  await app.core.close();
  const ms = performance.now() - started;
  console.info(`closed ${Math.round(ms)} ms after the quit, with a part upload in flight`);
  expect(ms).toBeLessThan(2_000);
  // The photo waits in the queue. It is smaller than one part, so it went up in one request, without a
  // session: the next start sends it again whole — what a one-part session would re-send too.
  const db = new Database(database, { readonly: true });
  const rows = db.prepare('select state, upload_id as uploadId, bytes_sent as sent from photo_uploads').all();
  db.close();
  expect(rows).toEqual([{ state: 'queued', uploadId: null, sent: expect.any(Number) }]);
  expect((rows[0] as { sent: number }).sent).toBeGreaterThan(0);
  rmSync(app.dir, { recursive: true, force: true });
});
