import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoImporter } from '../../src/main/photos/photo-importer.js';
import { STAGING_GRACE_MS } from '../../src/main/photos/sweep-staging.js';
import { makePhoto, writeCard } from './support/make-card.js';
import { photoTestStore, seedVisit } from './support/photo-test-db.js';
import { queueBlob } from './support/queue-blob.js';
import { age, filesUnder, infoLog, openPipeline, sweepTestImporter, writeAged } from './support/sweep-fixture.js';

const HOUR = 3600_000;
const sha = (n: number) => n.toString(16).padStart(64, 'a');

describe('sweeping the staging folder after an interrupted import', () => {
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  let now: number;
  let logged: ReturnType<typeof infoLog>['logged'];
  let importer: PhotoImporter;

  /** Writes a file under staging whose last change was `ageMs` ago. */
  const stage = (relative: string, ageMs: number) => writeAged(ctx.library.staging, relative, ageMs, now);
  /** Every file left under staging, relative to it. */
  const left = () => filesUnder(ctx.library.staging);

  beforeEach(async () => {
    ctx = await photoTestStore();
    now = Date.now();
    const log = infoLog();
    logged = log.logged;
    importer = sweepTestImporter(ctx, () => now, log);
  });
  afterEach(() => ctx.store.close());

  it('removes old files no photo row references, keeps referenced and recent ones, and logs what went', async () => {
    const referenced = await queueBlob(ctx.store, ctx.library, 1000, randomUUID());
    const old = STAGING_GRACE_MS + HOUR;
    // A scan killed mid-import: a half-copied file, a staged photo and its thumbnail.
    await stage(`crashed/${randomUUID()}.part`, old);
    await stage(`crashed/${sha(1)}`, old);
    await stage(`crashed/${sha(1)}.thumb.jpg`, old);
    // The flat layout of earlier versions.
    await stage(sha(2), old);
    // Named after a photo this device imported: kept however old.
    await stage(`kept/${referenced.sha256}`, 30 * 24 * HOUR);
    await stage(`kept/${referenced.sha256}.thumb.jpg`, 30 * 24 * HOUR);
    // Written a minute ago: an import may be running in another process.
    await stage(`running/${sha(3)}`, 60_000);
    await stage('running/0b6f3c1e.part', 0);
    // The crashed scan's folder itself has not changed for a day either.
    await age(join(ctx.library.staging, 'crashed'), old, now);

    const swept = await importer.sweepStaging();

    expect(swept.removed).toHaveLength(4);
    expect(swept.bytesFreed).toBeGreaterThan(0);
    expect(swept.referenced.sort()).toEqual([`kept/${referenced.sha256}`, `kept/${referenced.sha256}.thumb.jpg`]);
    expect(await left()).toEqual(
      [
        `kept/${referenced.sha256}`,
        `kept/${referenced.sha256}.thumb.jpg`,
        `running/${sha(3)}`,
        'running/0b6f3c1e.part',
      ].sort(),
    );
    // The emptied folder of the crashed scan goes too; the others keep what they hold.
    expect((await readdir(ctx.library.staging)).sort()).toEqual(['kept', 'running']);
    expect(logged).toContainEqual({
      message: 'removed 4 staged file(s) left by interrupted imports',
      meta: { bytes: swept.bytesFreed, files: expect.arrayContaining([sha(2), `crashed/${sha(1)}`]) },
    });

    // A day later the running import's leftovers are old enough; the referenced files still stay.
    now += STAGING_GRACE_MS + HOUR;
    expect((await importer.sweepStaging()).removed).toHaveLength(2);
    expect(await left()).toEqual([`kept/${referenced.sha256}`, `kept/${referenced.sha256}.thumb.jpg`]);
  });

  it('never removes the files of a scan this importer holds, while it runs or waits for the officer', async () => {
    const card = await mkdtemp(join(tmpdir(), 'fieldsync-card-'));
    const visitId = seedVisit(ctx.store, {
      visitDate: '2024-03-05',
      schoolName: 'Kibera Primary',
      lat: -1.3,
      lon: 36.8,
    });
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 4; i++) files[`DCIM/IMG_${i}.JPG`] = await makePhoto({ seed: 300 + i });
    await writeCard(card, files);

    // A sweep two days in the future, in the middle of the scan.
    let during: Promise<unknown> | undefined;
    const scan = await importer.scan(card, {
      onProgress: (e) => {
        if (!during && e.filesProcessed === 2) {
          now += 2 * STAGING_GRACE_MS;
          during = importer.sweepStaging();
        }
      },
    });
    expect(await during).toMatchObject({ removed: [] });
    expect(scan.candidates).toHaveLength(4);

    // The officer leaves the import screen open for two more days.
    now += 2 * STAGING_GRACE_MS;
    const at = (now - 2 * STAGING_GRACE_MS) / 1000;
    for (const c of scan.candidates) await utimes(c.stagedPath, at, at);
    expect((await importer.sweepStaging()).removed).toEqual([]);

    const commit = await importer.commit(scan, new Map(scan.candidates.map((c) => [c.sha256, visitId])));
    expect(commit.imported).toHaveLength(4);
    expect(await readdir(ctx.library.staging)).toEqual([]);
  });

  it('leaves nothing in staging when a scan is cancelled', async () => {
    const card = await mkdtemp(join(tmpdir(), 'fieldsync-card-'));
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 6; i++) files[`DCIM/IMG_${i}.JPG`] = await makePhoto({ seed: 400 + i });
    await writeCard(card, files);
    const cancel = new AbortController();
    const scanning = importer.scan(card, {
      signal: cancel.signal,
      onProgress: (e) => {
        if (e.filesProcessed === 2) cancel.abort(new Error('officer cancelled'));
      },
    });
    await expect(scanning).rejects.toThrow(/officer cancelled/);
    expect(await readdir(ctx.library.staging)).toEqual([]);
  });

  it('sweeps when the pipeline is opened, and logs what it removed', async () => {
    await stage(`crashed/${sha(4)}`, STAGING_GRACE_MS + HOUR);
    await stage(`crashed/${sha(5)}`, HOUR);
    const log = infoLog();
    const pipeline = openPipeline(ctx, log);
    expect(await pipeline.stagingSwept).toMatchObject({ removed: [`crashed/${sha(4)}`] });
    expect(await left()).toEqual([`crashed/${sha(5)}`]);
    expect(log.logged).toEqual([
      {
        message: 'removed 1 staged file(s) left by interrupted imports',
        meta: { bytes: expect.any(Number), files: [`crashed/${sha(4)}`] },
      },
    ]);
  });
});
