import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryingFileOps } from '../../src/main/fs/retry-fs.js';
import { PhotoImportService } from '../../src/main/photos/photo-import-service.js';
import { createPhotoPipeline } from '../../src/main/photos/photo-pipeline.js';
import { rawConnection } from '../../src/main/store/local-store.js';
import { photoLibrary, photoUploads } from '../../src/main/store/schema/photo-tables.js';
import { ServerConnection } from '../../src/main/sync/server-connection.js';
import { instantRetry, lockedFileOps } from '../support/windows-locks.js';
import { makePhoto, writeCard } from './support/make-card.js';
import { photoTestStore, seedVisit } from './support/photo-test-db.js';

/**
 * Windows refuses to move or delete a file an antivirus or the indexer holds for a moment after it
 * was written (EBUSY, EPERM, EACCES; ENOTEMPTY for a folder holding a delete-pending file). The
 * real file system here never does, so the locks are injected as Windows reports them.
 */
describe('photo import on a PC whose antivirus holds new files', () => {
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  let card: string;
  let visitA: string;
  let visitB: string;

  beforeEach(async () => {
    ctx = await photoTestStore();
    card = await mkdtemp(join(tmpdir(), 'fieldsync-card-'));
    visitA = seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Kibera Primary', lat: null, lon: null });
    visitB = seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Mathare Primary', lat: null, lon: null });
    await writeCard(card, {
      'DCIM/100/A.JPG': await makePhoto({ seed: 1 }),
      'DCIM/100/B.JPG': await makePhoto({ seed: 2 }),
      'DCIM/100/C.JPG': await makePhoto({ seed: 3 }),
    });
  });
  afterEach(async () => {
    ctx.store.close();
    await rm(card, { recursive: true, force: true });
  });

  const rows = () => rawConnection(ctx.store).db;

  /** The app's photo service over the test store, with `locks` on its file operations. */
  const service = async (locks: Parameters<typeof lockedFileOps>[0]) => {
    const { ops, calls } = lockedFileOps(locks);
    const pipeline = createPhotoPipeline({
      store: ctx.store,
      libraryDir: ctx.library.root,
      connection: new ServerConnection({ baseUrl: 'http://127.0.0.1:9' }),
      fs: retryingFileOps(ops, instantRetry),
    });
    await pipeline.sweepsDone;
    return { photos: new PhotoImportService(pipeline), calls };
  };
  const scanned = async (photos: PhotoImportService) => {
    const scan = await photos.scan(card);
    if (!scan.ok) throw new Error(scan.error.message);
    return scan.value;
  };
  const shaOf = (scan: Awaited<ReturnType<typeof scanned>>, name: string) =>
    scan.candidates.find((c) => c.relativePath.endsWith(name))?.sha256 ?? '';

  it('a staged copy locked for a moment is moved once the lock ends; nothing is skipped', async () => {
    const { photos, calls } = await service([
      { op: 'rename', match: (p) => p.endsWith('.part'), code: 'EBUSY', times: 3 },
    ]);
    const scan = await scanned(photos);
    expect(scan.candidates).toHaveLength(3);
    expect(scan.skipped).toEqual([]);
    expect(calls.filter((c) => c.op === 'rename' && c.failed)).toHaveLength(9);
  });

  it('a staged copy that stays locked skips that one file with the reason; the scan goes on', async () => {
    let first: string | undefined;
    const firstPart = (p: string) => {
      if (p.endsWith('.part')) first ??= p;
      return p === first;
    };
    const { photos } = await service([{ op: 'rename', match: firstPart, code: 'EPERM', times: 1000 }]);
    const scan = await scanned(photos);
    expect(scan.candidates).toHaveLength(2);
    expect(scan.skipped).toEqual([
      {
        path: expect.stringMatching(/^DCIM\/100\/[ABC]\.JPG$/),
        reason: 'locked',
        message: expect.stringMatching(/^the file is in use by another program .*\(EPERM\)$/),
        text: { key: 'errors:file.reason.locked', values: { code: 'EPERM' } },
      },
    ]);
  });

  it('a photo locked while it moves into the library waits, staged, with the officer’s visit; Import again brings it in', async () => {
    let held = '';
    const { photos } = await service([
      { op: 'rename', match: (p) => held !== '' && p.endsWith(held), code: 'EBUSY', times: 1000 },
    ]);
    const scan = await scanned(photos);
    held = shaOf(scan, 'A.JPG');
    const first = await photos.commit(scan.scanId, [
      { sha256: shaOf(scan, 'A.JPG'), schoolVisitId: visitB },
      { sha256: shaOf(scan, 'B.JPG'), schoolVisitId: visitA },
      { sha256: shaOf(scan, 'C.JPG'), schoolVisitId: visitA },
    ]);
    expect(first).toMatchObject({
      ok: true,
      value: {
        imported: 2,
        waiting: 1,
        skipped: [
          {
            path: 'DCIM/100/A.JPG',
            reason: 'locked',
            message: expect.stringMatching(/^Not imported yet: the file is in use .*choose Import again/),
          },
        ],
      },
    });
    // The held photo is still staged and its scan still open (a data-folder move would say so).
    expect(photos.openScans).toBe(1);
    expect(rows().select().from(photoLibrary).all()).toHaveLength(2);

    // The antivirus lets go; Import again, without the page sending the visits again.
    held = '';
    const again = await photos.commit(scan.scanId, []);
    expect(again).toMatchObject({ ok: true, value: { imported: 1, waiting: 0, skipped: [] } });
    const library = rows().select().from(photoLibrary).all();
    expect(library.find((r) => r.sha256 === shaOf(scan, 'A.JPG'))?.schoolVisitId).toBe(visitB);
    expect(rows().select().from(photoUploads).all()).toHaveLength(3);
    expect(photos.openScans).toBe(0);
    expect(await readdir(ctx.library.staging)).toEqual([]);
  });

  it('a staging folder Windows will not remove yet (a delete-pending thumbnail) does not turn the import into an error', async () => {
    const { photos, calls } = await service([
      { op: 'rm', match: (p) => basename(p) !== '' && !p.endsWith('.part'), code: 'ENOTEMPTY', times: 1000 },
    ]);
    const scan = await scanned(photos);
    const committed = await photos.commit(
      scan.scanId,
      scan.candidates.map((c) => ({ sha256: c.sha256, schoolVisitId: visitA })),
    );
    expect(committed).toMatchObject({ ok: true, value: { imported: 3, waiting: 0 } });
    expect(calls.filter((c) => c.op === 'rm' && c.failed).length).toBeGreaterThan(1);
    // Forgotten by the scan, left to the staging sweep.
    expect(photos.openScans).toBe(0);
    expect(existsSync(ctx.library.staging)).toBe(true);
  });

  it('dating a photo that is locked for a moment (utimes) only delays it', async () => {
    const { photos, calls } = await service([{ op: 'utimes', match: () => true, code: 'EPERM', times: 2 }]);
    const scan = await scanned(photos);
    const committed = await photos.commit(
      scan.scanId,
      scan.candidates.map((c) => ({ sha256: c.sha256, schoolVisitId: visitA })),
    );
    expect(committed).toMatchObject({ ok: true, value: { imported: 3, waiting: 0, skipped: [] } });
    expect(calls.filter((c) => c.op === 'utimes' && c.failed).length).toBe(12);
  });
});
