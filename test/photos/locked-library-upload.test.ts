import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { photosSyncPhase } from '../../src/main/photos/photos-sync-phase.js';
import type { PhotoApi, PhotoApiOptions } from '../../src/main/photos/upload/photo-api.js';
import { UploadQueue } from '../../src/main/photos/upload/upload-queue.js';
import { PERMANENT_UPLOAD_ERRORS } from '../../src/shared/ipc/schemas/photos.js';
import type { PhotoEvent } from '../../src/shared/photo-events.js';
import { startPhotoServer } from './support/photo-server.js';
import { photoTestStore } from './support/photo-test-db.js';
import { queueBlob } from './support/queue-blob.js';

const fast = { backoff: { baseMs: 5, maxMs: 20 }, throttleMs: 0, maxAttempts: 3 };

/**
 * Opens library copies as Windows does while an antivirus or OneDrive holds the file: the first `times`
 * opens fail with `code` (as `fs.createReadStream` reports it, asynchronously), later ones read the file.
 */
function lockedFor(
  times: number,
  code = 'EBUSY',
): { openRead: NonNullable<PhotoApiOptions['openRead']>; opens: () => number } {
  let opens = 0;
  const openRead: NonNullable<PhotoApiOptions['openRead']> = (path, range) => {
    opens++;
    if (opens > times) return createReadStream(path, range);
    const locked = Object.assign(new Error(`${code}: resource busy or locked, open '${path}'`), {
      code,
      syscall: 'open',
      path,
    });
    return new Readable({
      read() {
        this.destroy(locked);
      },
    });
  };
  return { openRead, opens: () => opens };
}

describe('uploading a photo whose library copy another program holds (Windows antivirus, OneDrive)', () => {
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

  const queue = (api: PhotoApi, events: PhotoEvent[] = []) => {
    const q = new UploadQueue({ store: ctx.store, api, library: ctx.library, ...fast });
    q.on((e) => events.push(e));
    return q;
  };

  it('a lock that ends within the run only delays the photo: it is retried as a busy file, not a network failure', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 120_000, server.visits.inDistrict);
    const lock = lockedFor(2);
    const events: PhotoEvent[] = [];
    const summary = await queue(server.api('demo', server.url, { openRead: lock.openRead }), events).run();
    expect(summary).toMatchObject({ uploaded: 1, failed: 0 });
    expect(lock.opens()).toBe(3);
    const retries = events.filter((e) => e.kind === 'photo-file' && e.state === 'retrying');
    expect(retries.map((e) => (e.kind === 'photo-file' ? e.error?.code : null))).toEqual(['FILE_BUSY', 'FILE_BUSY']);
    expect(await server.api('demo').exists(blob.sha256)).toEqual({ ok: true, value: true });
  });

  it('a lock that outlasts the run leaves the photo failed as busy (Retry offered), and the next sync sends it without the officer', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 90_000, server.visits.inDistrict);
    const first = await queue(server.api('demo', server.url, { openRead: lockedFor(100, 'EPERM').openRead })).run();
    expect(first).toMatchObject({ uploaded: 0, failed: 1 });
    const row = ctx.store.photoUploads.get(blob.sha256);
    expect(row?.state).toBe('failed');
    expect(row?.lastError).toMatchObject({ code: 'FILE_BUSY' });
    expect(row?.lastError?.message).toMatch(/in use by another program/);
    expect((PERMANENT_UPLOAD_ERRORS as readonly string[]).includes('FILE_BUSY')).toBe(false);

    // The antivirus lets go; the next sync's photo phase takes the failed photo up again by itself.
    const phase = photosSyncPhase(queue(server.api('demo')));
    const next = await phase({ signal: new AbortController().signal, report: () => undefined });
    expect(next.ok).toBe(true);
    expect(ctx.store.photoUploads.get(blob.sha256)?.state).toBe('done');
    expect(await server.api('demo').exists(blob.sha256)).toEqual({ ok: true, value: true });
  });

  it('a library copy that cannot be read for another reason stays a file error the officer must act on', async () => {
    const blob = await queueBlob(ctx.store, ctx.library, 60_000, server.visits.inDistrict);
    const first = await queue(server.api('demo', server.url, { openRead: lockedFor(100, 'EIO').openRead })).run();
    expect(first).toMatchObject({ failed: 1 });
    expect(ctx.store.photoUploads.get(blob.sha256)?.lastError).toMatchObject({ code: 'FILE' });
    expect(ctx.store.photoUploads.get(blob.sha256)?.lastError?.message).toMatch(
      /library copy of this photo could not be read: the drive could not be read or written/,
    );
  });
});
