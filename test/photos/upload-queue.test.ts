import { writeFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LibraryPaths } from '../../src/main/photos/library-paths.js';
import { UploadQueue, type UploadQueueOptions } from '../../src/main/photos/upload/upload-queue.js';
import { LocalStore, rawConnection } from '../../src/main/store/local-store.js';
import { photoUploads } from '../../src/main/store/schema/photo-tables.js';
import type { PhotoEvent, PhotoOverallProgress } from '../../src/shared/photo-events.js';
import { MIN_PART_SIZE } from '../../src/shared/protocol/photos.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { startPhotoServer } from './support/photo-server.js';
import { photoTestStore } from './support/photo-test-db.js';
import { queueBlob } from './support/queue-blob.js';
import { startS3 } from './support/s3rver.js';

const MB = 1024 * 1024;
const fast = { backoff: { baseMs: 20, maxMs: 200 }, throttleMs: 0 };

describe('the photo upload queue', () => {
  let server: Awaited<ReturnType<typeof startPhotoServer>>;
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  let proxy: FaultProxy | undefined;
  let visit: string;
  const queue = (baseUrl: string, extra: Partial<UploadQueueOptions> = {}) =>
    new UploadQueue({
      store: ctx.store,
      api: server.api('demo', baseUrl),
      library: ctx.library,
      ...fast,
      ...extra,
    });
  const rows = () => rawConnection(ctx.store).db.select().from(photoUploads).all();

  beforeAll(async () => {
    server = await startPhotoServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    ctx = await photoTestStore();
    visit = server.visits.inDistrict;
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    ctx.store.close();
  });

  it('asks about the whole batch in one request, then sends each photo of one part in one request', async () => {
    const small = [];
    for (let n = 0; n < 6; n++) small.push(await queueBlob(ctx.store, ctx.library, 40_000 + n, visit));
    const large = await queueBlob(ctx.store, ctx.library, MIN_PART_SIZE + 10, visit);
    // One the server already holds (another PC sent it): not sent again.
    const there = await queueBlob(ctx.store, ctx.library, 30_000, visit);
    const api = server.api('demo');
    expect(
      (
        await api.putDirect({
          ...there,
          mimeType: 'image/jpeg',
          schoolVisitId: visit,
          path: ctx.library.blob(there.sha256),
        })
      ).ok,
    ).toBe(true);
    const calls = new Map<string, number>();
    const counted = new Proxy(api, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
          return value.apply(target, args);
        };
      },
    });
    const summary = await new UploadQueue({ store: ctx.store, api: counted, library: ctx.library, ...fast }).run();
    expect(summary).toMatchObject({ uploaded: 7, alreadyThere: 1, failed: 0 });
    expect(summary.bytesSent).toBe(small.reduce((n, b) => n + b.size, 0) + large.size);
    // 1 batch question, 6 one-request photos, and the large one's session: start, part URLs, 2 parts, finish.
    expect(Object.fromEntries(calls)).toEqual({
      held: 1,
      putDirect: 6,
      createUpload: 1,
      partUrls: 1,
      putPart: 2,
      complete: 1,
    });
    for (const b of [...small, large, there]) expect(await api.exists(b.sha256)).toEqual({ ok: true, value: true });
  });

  it('uploads in parallel multipart sessions, and the server then has every photo', async () => {
    const blobs = [
      await queueBlob(ctx.store, ctx.library, 12 * MB, visit),
      await queueBlob(ctx.store, ctx.library, 300_000, visit),
    ];
    const events: PhotoEvent[] = [];
    const q = queue(server.url);
    q.on((e) => events.push(e));
    const summary = await q.run();
    expect(summary).toMatchObject({ uploaded: 2, alreadyThere: 0, failed: 0, bytesSent: 12 * MB + 300_000 });
    expect(rows().map((r) => r.state)).toEqual(['done', 'done']);
    expect(rows()[0]?.partsDone).toHaveLength(3);
    const api = server.api('demo');
    for (const b of blobs) expect(await api.exists(b.sha256)).toEqual({ ok: true, value: true });
    // Another organisation is never told the photo exists.
    expect(await server.api('other').exists(blobs[0]?.sha256 ?? '')).toEqual({ ok: true, value: false });

    const overall = events.filter((e): e is PhotoOverallProgress => e.kind === 'photo-overall');
    for (let i = 1; i < overall.length; i++)
      expect(overall[i]?.bytesAcked).toBeGreaterThanOrEqual(overall[i - 1]?.bytesAcked ?? 0);
    expect(overall.at(-1)).toMatchObject({ filesDone: 2, filesTotal: 2, bytesAcked: 12 * MB + 300_000, etaSeconds: 0 });
    expect(events.filter((e) => e.kind === 'photo-file' && e.state === 'done')).toHaveLength(2);
  });

  it('uploads 0 bytes for photos the server already has (another PC imported the same card)', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 200_000, visit);
    await queue(server.url).run();
    const otherPc = await photoTestStore();
    try {
      await queueBlob(otherPc.store, otherPc.library, blob.bytes, visit);
      const api = server.api('demo');
      const summary = await new UploadQueue({ store: otherPc.store, api, library: otherPc.library, ...fast }).run();
      expect(summary).toMatchObject({ uploaded: 0, alreadyThere: 1, bytesSent: 0 });
    } finally {
      otherPc.store.close();
    }
  });

  it('resumes after the connection is cut mid-upload, re-sending at most the part in flight per file', async () => {
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(server.url).port) } });
    const blobs = [];
    for (let i = 0; i < 3; i++) blobs.push(await queueBlob(ctx.store, ctx.library, 3 * MIN_PART_SIZE - 1000, visit));
    const q = queue(proxy.url, { concurrency: 3 });
    let cut = false;
    q.on((e) => {
      if (!cut && e.kind === 'photo-file' && e.bytesAcked >= MIN_PART_SIZE) {
        cut = true;
        proxy?.cutAfter(2 * MB, 'up');
      }
    });
    const summary = await q.run();
    expect(cut).toBe(true);
    expect(summary).toMatchObject({ uploaded: 3, failed: 0 });
    const total = blobs.reduce((n, b) => n + b.size, 0);
    const resent = summary.bytesSent - total;
    expect(resent).toBeGreaterThan(0);
    // At most one part per file in flight is sent again.
    expect(resent).toBeLessThanOrEqual(3 * MIN_PART_SIZE);
    for (const r of rows()) expect(r.bytesSent - r.size).toBeLessThanOrEqual(MIN_PART_SIZE);
    expect(rows().every((r) => r.state === 'done')).toBe(true);
  });

  it("reads the officer's upload concurrency setting at each run, so a change applies to the next upload", async () => {
    let setting = 2;
    const reads: number[] = [];
    const q = queue(server.url, {
      concurrency: () => {
        reads.push(setting);
        return setting;
      },
    });
    await queueBlob(ctx.store, ctx.library, 200_000, visit);
    expect(await q.run()).toMatchObject({ uploaded: 1, failed: 0 });
    setting = 1;
    await queueBlob(ctx.store, ctx.library, 300_000, visit);
    expect(await q.run()).toMatchObject({ uploaded: 1, failed: 0 });
    expect(reads).toEqual([2, 1]);
  });

  it('resumes after an app restart from the last acknowledged part', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 3 * MIN_PART_SIZE, visit);
    const quit = new AbortController();
    const first = queue(server.url, { concurrency: 1 });
    first.on((e) => {
      if (e.kind === 'photo-file' && e.bytesAcked >= MIN_PART_SIZE) quit.abort(new Error('app quit'));
    });
    const interrupted = await first.run(quit.signal);
    expect(interrupted.uploaded).toBe(0);
    const [left] = rows();
    expect(left).toMatchObject({ state: 'queued' });
    expect(left?.uploadId).toBeTruthy();
    expect(left?.partsDone.length).toBeGreaterThanOrEqual(1);
    const sentBefore = left?.bytesSent ?? 0;
    const ackedBefore = left?.bytesAcked ?? 0;

    // "Restart": close the store, open it again, new queue and API client.
    ctx.store.close();
    ctx.store = LocalStore.open({ path: `${ctx.dir}/store.sqlite` });
    ctx.library = new LibraryPaths(ctx.library.root);
    const second = await queue(server.url).run();
    expect(second).toMatchObject({ uploaded: 1, failed: 0 });
    expect(second.bytesSent).toBe(blob.size - ackedBefore);
    const [done] = rows();
    expect(done?.state).toBe('done');
    expect((done?.bytesSent ?? 0) - blob.size).toBeLessThanOrEqual(MIN_PART_SIZE);
    expect(sentBefore).toBeGreaterThanOrEqual(ackedBefore);
  });

  it('fails a photo whose library copy is not what was announced, and says why', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 100_000, visit);
    await writeFile(ctx.library.blob(blob.sha256), Buffer.alloc(100_000, 1));
    const summary = await queue(server.url).run();
    expect(summary.failed).toBe(1);
    const [row] = rows();
    expect(row).toMatchObject({ state: 'failed', uploadId: null, lastError: { code: 'FILE', field: 'sha256' } });
    expect(row?.lastError?.message).toMatch(/damaged/);
  });

  it('refuses an upload for another organisation’s visit without retrying', async () => {
    await queueBlob(ctx.store, ctx.library, 1000, server.visits.otherOrg);
    const summary = await queue(server.url).run();
    expect(summary).toMatchObject({ failed: 1, bytesSent: 0 });
    expect(rows()[0]).toMatchObject({ state: 'failed', attempts: 1, lastError: { code: 'NOT_FOUND' } });
    expect(
      rawConnection(ctx.store).db.select().from(photoUploads).where(eq(photoUploads.state, 'failed')).all(),
    ).toHaveLength(1);
  });
});

describe('the photo upload queue with S3-compatible storage', () => {
  it('puts parts to presigned URLs, acknowledges their ETags, and the server verifies the blob', async () => {
    const s3 = await startS3();
    const server = await startPhotoServer({ store: s3.store });
    const ctx = await photoTestStore();
    try {
      const blob = await queueBlob(ctx.store, ctx.library, 2 * MIN_PART_SIZE + 10, server.visits.inDistrict);
      const api = server.api('demo');
      const summary = await new UploadQueue({ store: ctx.store, api, library: ctx.library, ...fast }).run();
      expect(rawConnection(ctx.store).db.select().from(photoUploads).all()[0]?.lastError).toBeNull();
      expect(summary).toMatchObject({ uploaded: 1, failed: 0, bytesSent: blob.size });
      expect(await api.exists(blob.sha256)).toEqual({ ok: true, value: true });
      expect(await s3.store.has(blob.sha256)).toBe(true);
    } finally {
      ctx.store.close();
      await server.close();
      await s3.close();
    }
  });
});
