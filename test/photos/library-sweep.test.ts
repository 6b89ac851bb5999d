import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryingFileOps } from '../../src/main/fs/retry-fs.js';
import type { PhotoImporter } from '../../src/main/photos/photo-importer.js';
import { STAGING_GRACE_MS } from '../../src/main/photos/sweep-staging.js';
import { rawConnection } from '../../src/main/store/local-store.js';
import { photoLibrary, photoUploads } from '../../src/main/store/schema/photo-tables.js';
import { instantRetry, lockedFileOps } from '../support/windows-locks.js';
import { makePhoto, writeCard } from './support/make-card.js';
import { photoTestStore, seedVisit } from './support/photo-test-db.js';
import { queueBlob } from './support/queue-blob.js';
import { age, filesUnder, infoLog, openPipeline, sweepTestImporter, writeAged } from './support/sweep-fixture.js';

const HOUR = 3600_000;
const OLD = STAGING_GRACE_MS + HOUR;
const sha = (n: number) => n.toString(16).padStart(64, 'a');

describe('sweeping library files no photo row references', () => {
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  let now: number;
  let log: ReturnType<typeof infoLog>;
  let importer: PhotoImporter;

  /** Writes a file under the library whose last change was `ageMs` ago. */
  const put = (relative: string, ageMs: number) => writeAged(ctx.library.root, relative, ageMs, now);
  /** Every file left under the library, relative to it. */
  const left = () => filesUnder(ctx.library.root);
  /** A blob in the library with the queue's row only (its library row gone), or the library's only. */
  const referencedBy = async (table: 'library' | 'upload queue') => {
    const blob = await queueBlob(ctx.store, ctx.library, 500, crypto.randomUUID());
    if (table === 'library')
      rawConnection(ctx.store).db.delete(photoUploads).where(eq(photoUploads.sha256, blob.sha256)).run();
    else rawConnection(ctx.store).db.delete(photoLibrary).where(eq(photoLibrary.sha256, blob.sha256)).run();
    await age(ctx.library.blob(blob.sha256), 30 * 24 * HOUR, now);
    return blob.sha256;
  };
  /** An importer as a process opening the data folder makes one (another process's, for the second). */
  const newImporter = () => sweepTestImporter(ctx, () => now, log);

  /** Commits the scan, then drops the rows it wrote: what an import killed before its transaction leaves. */
  const commitThenForgetRows = async (scan: Awaited<ReturnType<PhotoImporter['scan']>>, visitId: string) => {
    const committed = await importer.commit(scan, new Map(scan.candidates.map((c) => [c.sha256, visitId])));
    expect(committed.imported).toHaveLength(scan.candidates.length);
    rawConnection(ctx.store).db.delete(photoUploads).run();
    rawConnection(ctx.store).db.delete(photoLibrary).run();
  };

  beforeEach(async () => {
    ctx = await photoTestStore();
    now = Date.now();
    log = infoLog();
    importer = newImporter();
  });
  afterEach(() => ctx.store.close());

  it('removes old unreferenced blobs and thumbnails, never a referenced file, and logs what went', async () => {
    const both = await queueBlob(ctx.store, ctx.library, 500, crypto.randomUUID());
    await age(ctx.library.blob(both.sha256), 30 * 24 * HOUR, now);
    const libraryOnly = await referencedBy('library');
    const queueOnly = await referencedBy('upload queue');
    // The thumbnail of a photo whose blob is referenced stays with it.
    await put(ctx.library.thumbnailRelative(queueOnly), 30 * 24 * HOUR);
    // An import killed after moving a photo and its thumbnail in, before writing its rows.
    await put(ctx.library.blobRelative(sha(1)), OLD);
    await put(ctx.library.thumbnailRelative(sha(1)), OLD);
    // Moved in a minute ago: its rows may be being written now.
    await put(ctx.library.blobRelative(sha(2)), 60_000);
    // Not where the library files anything: not the sweep's to judge.
    await put(`bb/${sha(3)}`, OLD);
    await put('aa/notes.txt', OLD);
    await put(sha(4), OLD);
    // Staging is the staging sweep's.
    await put(`staging/crashed/${sha(5)}`, OLD);

    const swept = await importer.sweepLibrary();

    const orphans = [ctx.library.blobRelative(sha(1)), ctx.library.thumbnailRelative(sha(1))];
    expect(swept.removed.sort()).toEqual(orphans.sort());
    expect(swept.bytesFreed).toBe(2 * `file ${ctx.library.blobRelative(sha(1))}`.length + '.thumb.jpg'.length);
    expect(swept.failed).toEqual([]);
    const kept = [
      ctx.library.blobRelative(both.sha256),
      ctx.library.blobRelative(libraryOnly),
      ctx.library.blobRelative(queueOnly),
      ctx.library.thumbnailRelative(queueOnly),
      ctx.library.blobRelative(sha(2)),
      `bb/${sha(3)}`,
      'aa/notes.txt',
      sha(4),
      `staging/crashed/${sha(5)}`,
    ];
    expect(await left()).toEqual(kept.sort());
    expect(log.logged).toEqual([
      {
        message: 'removed 2 library file(s) no photo references, left by interrupted imports',
        meta: { bytes: swept.bytesFreed, files: swept.removed },
      },
    ]);

    // A day later the recent one is old enough; referenced files stay however old they get.
    now += OLD;
    expect((await importer.sweepLibrary()).removed).toEqual([ctx.library.blobRelative(sha(2))]);
    expect(await left()).toEqual(kept.filter((f) => f !== ctx.library.blobRelative(sha(2))).sort());
  });

  it('waits out an antivirus holding an orphan for a moment; one held longer stays for the next sweep, the rest go', async () => {
    const held = ctx.library.blobRelative(sha(1));
    const brief = ctx.library.blobRelative(sha(2));
    const free = ctx.library.blobRelative(sha(3));
    for (const relative of [held, brief, free]) await put(relative, OLD);
    const { ops, calls } = lockedFileOps([
      { op: 'rm', match: (p) => p.endsWith(sha(1)), code: 'EPERM', times: 100 },
      { op: 'rm', match: (p) => p.endsWith(sha(2)), code: 'EBUSY', times: 2 },
    ]);
    const swept = await sweepTestImporter(ctx, () => now, log, retryingFileOps(ops, instantRetry)).sweepLibrary();
    expect(swept.removed.sort()).toEqual([brief, free].sort());
    expect(swept.failed).toEqual([{ path: held, message: expect.stringMatching(/in use by another program/) }]);
    expect(await left()).toEqual([held]);
    expect(calls.filter((c) => c.failed && c.path.endsWith(sha(2)))).toHaveLength(2);
  });

  it('takes a photo moved in after days of review for one being imported, not an orphan, until its grace runs out', async () => {
    const card = await mkdtemp(join(tmpdir(), 'fieldsync-card-'));
    const visitId = seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Kibera', lat: -1.3, lon: 36.8 });
    await writeCard(card, { 'DCIM/IMG_1.JPG': await makePhoto({ seed: 500 }) });
    const scan = await importer.scan(card);
    const [photo] = scan.candidates;
    if (!photo?.thumbnailPath) throw new Error('the scan staged no photo with a thumbnail');
    // The officer reviews for two days; the staged copies keep their old dates.
    now += 2 * STAGING_GRACE_MS;
    await commitThenForgetRows(scan, visitId);

    // As if another process swept between the move and the rows: the just-moved files are recent.
    expect((await newImporter().sweepLibrary()).removed).toEqual([]);
    // The rows never came (the import was killed): a day later the next open removes both files.
    now += OLD;
    expect((await newImporter().sweepLibrary()).removed.sort()).toEqual(
      [ctx.library.blobRelative(photo.sha256), ctx.library.thumbnailRelative(photo.sha256)].sort(),
    );
    expect(await left()).toEqual([]);
  });

  it('sweeps the library when the pipeline is opened, and logs what it removed', async () => {
    const kept = await referencedBy('upload queue');
    await put(ctx.library.blobRelative(sha(6)), OLD);
    const opened = infoLog();
    const pipeline = openPipeline(ctx, opened);
    expect(await pipeline.librarySwept).toMatchObject({ removed: [ctx.library.blobRelative(sha(6))] });
    expect(await left()).toEqual([ctx.library.blobRelative(kept)]);
    expect(opened.logged).toEqual([
      {
        message: 'removed 1 library file(s) no photo references, left by interrupted imports',
        meta: { bytes: expect.any(Number), files: [ctx.library.blobRelative(sha(6))] },
      },
    ]);
  });

  it('tells its closer when the opening sweeps are done, so the store is never closed under them', async () => {
    const orphans = Array.from({ length: 200 }, (_, i) => ctx.library.blobRelative(sha(1000 + i)));
    for (const relative of orphans) await put(relative, OLD);
    await writeAged(ctx.library.staging, 'crashed/IMG_1.JPG', OLD, now);
    const warnings: string[] = [];
    const pipeline = openPipeline(ctx, { ...infoLog(), warn: (message) => warnings.push(message) });
    // What OpenAccount.close and the photos CLI do before closing the store.
    await pipeline.sweepsDone;
    expect(await left()).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
