import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ListPartsCommand } from '@aws-sdk/client-s3';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhotoApi } from '../../src/main/photos/upload/photo-api.js';
import { UploadQueue } from '../../src/main/photos/upload/upload-queue.js';
import { rawConnection } from '../../src/main/store/local-store.js';
import { photoUploads } from '../../src/main/store/schema/photo-tables.js';
import { createServerApp } from '../../src/server/create-server-app.js';
import { queryRow } from '../../src/server/db/server-database.js';
import type { BlobStore } from '../../src/server/photos/blob-store.js';
import { FsBlobStore } from '../../src/server/photos/fs-blob-store.js';
import { photoPlugin } from '../../src/server/photos/photo-plugin.js';
import { photoUploadSessions } from '../../src/server/photos/photo-tables.js';
import { PhotoUploadService } from '../../src/server/photos/photo-upload-service.js';
import { UploadSessionExpiry } from '../../src/server/photos/upload-session-expiry.js';
import type { PhotoEvent } from '../../src/shared/photo-events.js';
import { MIN_PART_SIZE, photoPaths } from '../../src/shared/protocol/photos.js';
import { must } from '../store/support/store-fixture.js';
import { testDatabases } from '../support/test-server.js';
import { type MotoS3, motoAvailable, startMotoS3 } from './support/moto-s3.js';
import { startPhotoServer } from './support/photo-server.js';
import { photoTestStore } from './support/photo-test-db.js';
import { queueBlob } from './support/queue-blob.js';

const TTL = 60 * 60 * 1000;
const fast = { backoff: { baseMs: 20, maxMs: 200 }, throttleMs: 0 };

/** A blob of two parts written to a file, as the client's library would hold it. */
async function twoPartBlob() {
  const bytes = randomBytes(MIN_PART_SIZE + 4321);
  const path = join(await mkdtemp(join(tmpdir(), 'fieldsync-expiry-')), 'blob');
  await writeFile(path, bytes);
  return { bytes, path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Starts a new upload session for the blob on a visit; its id. */
async function openSession(api: PhotoApi, blob: { sha256: string; bytes: Buffer }, schoolVisitId: string) {
  const created = must(
    await api.createUpload({ sha256: blob.sha256, size: blob.bytes.length, mimeType: 'image/jpeg', schoolVisitId }),
  );
  if (created.status !== 'open') throw new Error('expected a new session');
  return created.session;
}

for (const database of testDatabases) {
  for (const kind of ['data-folder', 'S3'] as const) {
    if (kind === 'S3' && !motoAvailable) {
      console.warn('moto_server is not installed (pip install "moto[server]"): the S3 expiry tests are skipped');
    }
    describe.skipIf(kind === 'S3' && !motoAvailable)(`upload session expiry (${kind} store, ${database})`, () => {
      let ps: Awaited<ReturnType<typeof startPhotoServer>>;
      let s3: MotoS3 | undefined;
      let store: BlobStore;
      let blobDir: string;
      let clock: number;
      let expiry: UploadSessionExpiry;
      let api: PhotoApi;
      const now = () => new Date(clock);

      beforeAll(async () => {
        blobDir = await mkdtemp(join(tmpdir(), 'fieldsync-expiry-blobs-'));
        s3 = kind === 'S3' ? await startMotoS3() : undefined;
        store = s3?.store ?? new FsBlobStore(blobDir);
        clock = Date.now();
        ps = await startPhotoServer({ store, database, now, plugin: { sessionTtlMs: TTL } });
        // The sweep the server runs on its timer, run on demand here.
        expiry = new UploadSessionExpiry(ps.server.db, store, { ttlMs: TTL, now });
        api = ps.api('demo');
      });
      afterAll(async () => {
        await ps.close();
        await s3?.close();
      });

      /** The parts the bucket holds of a session's multipart upload (rejects once it is aborted). */
      const bucketParts = async (uploadId: string) => {
        const row = await queryRow<{ store_upload_id: string }>(
          ps.server.db,
          sql`SELECT store_upload_id FROM photo_upload_sessions WHERE id = ${uploadId}`,
        );
        const client = s3?.client;
        if (!client || !s3) throw new Error('not an S3 store');
        const listed = await client.send(
          new ListPartsCommand({
            Bucket: s3.bucket,
            Key: `photos/uploads/${uploadId}`,
            UploadId: row?.store_upload_id,
          }),
        );
        return (listed.Parts ?? []).map((p) => p.PartNumber);
      };
      const session = (uploadId: string) =>
        queryRow<{ status: string; parts: number }>(
          ps.server.db,
          sql`SELECT status, (SELECT count(*)::int FROM photo_upload_parts WHERE upload_id = ${uploadId}) AS parts
              FROM photo_upload_sessions WHERE id = ${uploadId}`,
        );
      /** Starts a session and sends its first part, as a client would. */
      const startUpload = async (blob: Awaited<ReturnType<typeof twoPartBlob>>) => {
        const { uploadId, ackRequired } = await openSession(api, blob, ps.visits.inDistrict);
        const [first] = must(await api.partUrls(uploadId, [1]));
        if (!first) throw new Error('expected a part URL');
        const etag = must(await api.putPart(first, { path: blob.path, start: 0, end: MIN_PART_SIZE }));
        if (ackRequired) must(await api.ackPart(uploadId, 1, etag, MIN_PART_SIZE));
        return { uploadId };
      };

      it.skipIf(kind === 'S3')(
        'removes the temporary file of a one-request upload cut short by a crash, once it is older than the TTL',
        async () => {
          const uploads = join(blobDir, 'uploads');
          await mkdir(uploads, { recursive: true });
          const old = join(uploads, `direct.${randomUUID()}.tmp`);
          const fresh = join(uploads, `direct.${randomUUID()}.tmp`);
          const other = join(uploads, 'notes.tmp');
          for (const path of [old, fresh, other]) await writeFile(path, 'partial');
          const longAgo = new Date(clock - 2 * TTL);
          for (const path of [old, other]) await utimes(path, longAgo, longAgo);
          const swept = await expiry.sweep();
          expect(swept.error).toBeUndefined();
          expect(swept.leftovers).toBe(1);
          expect([old, fresh, other].map((p) => existsSync(p))).toEqual([false, true, true]);
        },
      );

      it('answers 410 to any late call once the TTL has passed, then the sweep releases the parts and marks it expired', async () => {
        const blob = await twoPartBlob();
        const upload = await startUpload(blob);
        expect(await session(upload.uploadId)).toEqual({ status: 'open', parts: 1 });
        if (kind === 'S3') expect(await bucketParts(upload.uploadId)).toEqual([1]);
        clock += TTL + 60_000;

        // Before any sweep: the clock alone decides.
        const late = [
          await ps.server.request('demo', 'GET', photoPaths.upload(upload.uploadId)),
          await ps.server.request('demo', 'POST', photoPaths.partUrls(upload.uploadId), { partNumbers: [2] }),
          await ps.server.request('demo', 'POST', photoPaths.part(upload.uploadId, 2), { etag: '"x"', size: 4321 }),
          await ps.server.request('demo', 'POST', photoPaths.complete(upload.uploadId)),
        ];
        for (const res of late) {
          expect(res.status).toBe(410);
          expect(res.body).toEqual({
            error: {
              code: 'NOT_FOUND',
              message: expect.stringMatching(/expired.*start a new upload/),
              id: upload.uploadId,
              field: 'uploadId',
            },
          });
        }
        // Someone else's session stays a plain 404: expiry tells nobody it exists.
        expect((await ps.server.request('other', 'GET', photoPaths.upload(upload.uploadId))).status).toBe(404);
        // Starting again gives a new session, not the expired one.
        const again = await openSession(api, blob, ps.visits.inDistrict);
        expect(again.uploadId).not.toBe(upload.uploadId);

        const swept = await expiry.sweep();
        expect(swept.error).toBeUndefined();
        expect(swept.expired).toBeGreaterThanOrEqual(1);
        expect(await session(upload.uploadId)).toEqual({ status: 'expired', parts: 0 });
        expect(await session(again.uploadId)).toMatchObject({ status: 'open' });
        if (kind === 'data-folder') {
          expect(existsSync(join(blobDir, 'uploads', upload.uploadId))).toBe(false);
          // A part sent late is refused and leaves nothing behind.
          const put = await fetch(`${ps.url}${photoPaths.part(upload.uploadId, 2)}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${ps.token('demo')}`, 'content-type': 'application/octet-stream' },
            body: blob.bytes.subarray(MIN_PART_SIZE),
          });
          expect(put.status).toBe(410);
          expect(existsSync(join(blobDir, 'uploads', upload.uploadId))).toBe(false);
        } else {
          // AbortMultipartUpload: the bucket no longer has the upload nor its parts.
          await expect(bucketParts(upload.uploadId)).rejects.toMatchObject({ name: 'NoSuchUpload' });
        }
        // Swept once is enough.
        expect((await expiry.sweep()).expired).toBe(0);
      });

      describe('the upload queue', () => {
        let ctx: Awaited<ReturnType<typeof photoTestStore>>;
        beforeEach(async () => {
          ctx = await photoTestStore();
        });
        afterEach(() => ctx.store.close());
        const row = () => rawConnection(ctx.store).db.select().from(photoUploads).all()[0];

        it('starts a new session when its session expires mid-upload, and the photo uploads', async () => {
          const blob = await queueBlob(ctx.store, ctx.library, MIN_PART_SIZE + 5000, ps.visits.inDistrict);
          let puts = 0;
          let firstSession: string | null | undefined;
          // Just before the second part goes out, the session expires and the server sweeps it.
          const slowNetwork = ps.api('demo');
          const putPart = slowNetwork.putPart.bind(slowNetwork);
          slowNetwork.putPart = async (...args) => {
            if (++puts === 2) {
              firstSession = row()?.uploadId;
              clock += TTL + 60_000;
              expect((await expiry.sweep()).expired).toBeGreaterThanOrEqual(1);
            }
            return putPart(...args);
          };
          const events: PhotoEvent[] = [];
          const queue = new UploadQueue({ store: ctx.store, api: slowNetwork, library: ctx.library, ...fast });
          queue.on((e) => events.push(e));

          const summary = await queue.run();

          expect(summary).toMatchObject({ uploaded: 1, failed: 0 });
          // Sent twice: both parts in the expired session (the second refused), then in the new one.
          expect(summary.bytesSent).toBe(2 * blob.size);
          expect(row()).toMatchObject({ state: 'done', lastError: null });
          expect(firstSession).toBeTruthy();
          expect(row()?.uploadId).not.toBe(firstSession);
          expect(await session(firstSession ?? '')).toMatchObject({ status: 'expired' });
          expect(events).toContainEqual(
            expect.objectContaining({
              kind: 'photo-file',
              state: 'retrying',
              error: expect.objectContaining({ field: 'uploadId' }),
            }),
          );
          expect(await api.exists(blob.sha256)).toEqual({ ok: true, value: true });
        });

        it('resumes after the app was closed past the TTL by starting a new session', async () => {
          const blob = await queueBlob(ctx.store, ctx.library, 2 * MIN_PART_SIZE + 10, ps.visits.inDistrict);
          const quit = new AbortController();
          const first = new UploadQueue({ store: ctx.store, api, library: ctx.library, ...fast });
          first.on((e) => {
            if (e.kind === 'photo-file' && e.bytesAcked >= MIN_PART_SIZE) quit.abort(new Error('app quit'));
          });
          await first.run(quit.signal);
          const left = row();
          expect(left).toMatchObject({ state: 'queued', partsDone: [expect.objectContaining({ partNumber: 1 })] });

          clock += TTL + 60_000;
          await expiry.sweep();
          const summary = await new UploadQueue({ store: ctx.store, api, library: ctx.library, ...fast }).run();

          expect(summary).toMatchObject({ uploaded: 1, failed: 0, bytesSent: blob.size });
          expect(row()).toMatchObject({ state: 'done' });
          expect(row()?.uploadId).not.toBe(left?.uploadId);
          expect(await session(left?.uploadId ?? '')).toMatchObject({ status: 'expired' });
          expect(await api.exists(blob.sha256)).toEqual({ ok: true, value: true });
        });
      });

      if (kind === 'data-folder') {
        it('refuses a part whose write the sweep overtook, and keeps nothing of it', async () => {
          const blob = await twoPartBlob();
          const upload = await startUpload(blob);
          const { user } = await ps.server.login('demo');
          const service = new PhotoUploadService(ps.server.db, store, { expiry });
          const body = new PassThrough();
          const writing = service.putPart(user, upload.uploadId, 2, body);
          body.write(blob.bytes.subarray(MIN_PART_SIZE, MIN_PART_SIZE + 1000));
          const folder = join(blobDir, 'uploads', upload.uploadId);
          await vi.waitFor(async () => expect((await readdir(folder)).some((n) => n.endsWith('.tmp'))).toBe(true));
          clock += TTL + 60_000;
          expect((await expiry.sweep()).expired).toBeGreaterThanOrEqual(1);
          body.end(blob.bytes.subarray(MIN_PART_SIZE + 1000));
          const result = await writing;
          expect(result).toMatchObject({ ok: false, error: { status: 410, field: 'uploadId' } });
          expect(existsSync(folder)).toBe(false);
          expect(await session(upload.uploadId)).toEqual({ status: 'expired', parts: 0 });
        });
      }
    });
  }

  describe(`the server's expiry sweeps (${database})`, () => {
    it('sweeps at start and on its timer', async () => {
      let clock = Date.now();
      const now = () => new Date(clock);
      const store = new FsBlobStore(await mkdtemp(join(tmpdir(), 'fieldsync-expiry-blobs-')));
      const ps = await startPhotoServer({ store, database, now, plugin: { sessionTtlMs: TTL, sweepEveryMs: 50 } });
      const status = async (id: string) =>
        (await ps.server.db.select().from(photoUploadSessions).where(eq(photoUploadSessions.id, id)))[0]?.status;
      try {
        const api = ps.api('demo');
        const create = async () => (await openSession(api, await twoPartBlob(), ps.visits.inDistrict)).uploadId;
        const onTimer = await create();
        clock += TTL / 2;
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await status(onTimer)).toBe('open');
        clock += TTL / 2;
        await vi.waitFor(async () => expect(await status(onTimer)).toBe('expired'), { timeout: 5_000 });

        // A server started after the TTL passed sweeps at once (its clock only: the running one's
        // timer never sees this session expire, and the new one's first tick is an hour away).
        const atStart = await create();
        const restarted = await createServerApp({
          database: ps.server.database,
          now: () => new Date(clock + TTL),
          plugins: [photoPlugin(store, { sessionTtlMs: TTL, sweepEveryMs: TTL })],
        });
        // Closing waits for the sweep in progress.
        await restarted.close();
        expect(await status(atStart)).toBe('expired');
      } finally {
        await ps.close();
      }
    });
  });
}
