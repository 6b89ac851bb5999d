import { writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { photosSyncPhase } from '../../src/main/photos/photos-sync-phase.js';
import type { PhotoApi } from '../../src/main/photos/upload/photo-api.js';
import { UploadQueue } from '../../src/main/photos/upload/upload-queue.js';
import { startPhotoServer } from './support/photo-server.js';
import { photoTestStore } from './support/photo-test-db.js';
import { queueBlob } from './support/queue-blob.js';

const fast = { backoff: { baseMs: 5, maxMs: 20 }, throttleMs: 0 };

/**
 * The photo API with the first `flips` part PUTs damaged on the way: one byte of the part is flipped, as a
 * broken proxy or a bad network card does (the server then refuses the photo as not the one announced).
 */
function flippingApi(api: PhotoApi, flips: number): PhotoApi {
  let left = flips;
  const putPart: PhotoApi['putPart'] = async (target, source, signal) => {
    if (left <= 0) return api.putPart(target, source, signal);
    left--;
    const { readFile } = await import('node:fs/promises');
    const bytes = Buffer.from((await readFile(source.path)).subarray(source.start, source.end));
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    const damaged = `${source.path}.damaged`;
    await writeFile(damaged, bytes);
    return api.putPart(target, { path: damaged, start: 0, end: bytes.length }, signal);
  };
  const putDirect: PhotoApi['putDirect'] = async (job, signal) => {
    if (left <= 0) return api.putDirect(job, signal);
    left--;
    const { readFile } = await import('node:fs/promises');
    const bytes = Buffer.from(await readFile(job.path));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    const damaged = `${job.path}.damaged`;
    await writeFile(damaged, bytes);
    return api.putDirect({ ...job, path: damaged }, signal);
  };
  return Object.assign(Object.create(api) as PhotoApi, { putPart, putDirect });
}

describe('a photo damaged on the way to the server (SHA-256 mismatch)', () => {
  let server: Awaited<ReturnType<typeof startPhotoServer>>;
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  beforeAll(async () => {
    server = await startPhotoServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    ctx = await photoTestStore();
  });
  afterEach(() => ctx.store.close());

  const queue = (api: PhotoApi) => new UploadQueue({ store: ctx.store, api, library: ctx.library, ...fast });

  it('is sent again in a fresh session by the same run, and the server then has it', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 200_000, server.visits.inDistrict);
    const summary = await queue(flippingApi(server.api('demo'), 1)).run();
    expect(summary).toMatchObject({ uploaded: 1, failed: 0 });
    expect(ctx.store.photoUploads.get(blob.sha256)?.state).toBe('done');
    expect(await server.api('demo').exists(blob.sha256)).toEqual({ ok: true, value: true });
  });

  it('still damaged after the run’s tries, it fails as "will be sent again", and the next sync sends it', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 150_000, server.visits.inDistrict);
    const first = await queue(flippingApi(server.api('demo'), 10)).run();
    expect(first).toMatchObject({ failed: 1 });
    const row = ctx.store.photoUploads.get(blob.sha256);
    expect(row?.state).toBe('failed');
    expect(row?.lastError).toMatchObject({ code: 'SERVER', field: 'sha256' });
    expect(row?.uploadId).toBeNull();

    const phase = photosSyncPhase(queue(server.api('demo')));
    const next = await phase({ signal: new AbortController().signal, report: () => undefined });
    expect(next.ok).toBe(true);
    expect(ctx.store.photoUploads.get(blob.sha256)?.state).toBe('done');
  });

  it('a failure an older version recorded as VALIDATION sha256 is retried by the next sync', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 120_000, server.visits.inDistrict);
    const refusal = { code: 'VALIDATION' as const, message: 'SHA-256 mismatch', field: 'sha256' };
    ctx.store.photoUploads.stopped(
      blob.sha256,
      { state: 'failed', error: refusal, forgetSession: true },
      new Date().toISOString(),
    );
    const phase = photosSyncPhase(queue(server.api('demo')));
    expect((await phase({ signal: new AbortController().signal, report: () => undefined })).ok).toBe(true);
    expect(ctx.store.photoUploads.get(blob.sha256)?.state).toBe('done');
  });

  it('a library copy that no longer matches its hash is reported as damaged, not sent again', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 100_000, server.visits.inDistrict);
    const bytes = Buffer.from(blob.bytes);
    bytes[500] = (bytes[500] ?? 0) ^ 0x01;
    await writeFile(ctx.library.blob(blob.sha256), bytes);
    const summary = await queue(server.api('demo')).run();
    expect(summary).toMatchObject({ failed: 1 });
    const row = ctx.store.photoUploads.get(blob.sha256);
    expect(row?.lastError).toMatchObject({ code: 'FILE', message: expect.stringMatching(/damaged/) });
    expect(await server.api('demo').exists(blob.sha256)).toEqual({ ok: true, value: false });
  });
});
