import { chmod, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhotoImporter } from '../../src/main/photos/photo-importer.js';
import { rawConnection } from '../../src/main/store/local-store.js';
import { photoLibrary, photoUploads } from '../../src/main/store/schema/photo-tables.js';
import { nth } from '../support/nth.js';
import { makePhoto, writeCard } from './support/make-card.js';
import { garbageBehindHeicHeader, heicContainer } from './support/make-heic.js';
import { photoTestStore, seedVisit } from './support/photo-test-db.js';

const nairobi = { lat: -1.2921, lon: 36.8219 };
const canon = { make: 'Canon', model: 'Canon PowerShot A2300' };

describe('importing photos from a card', () => {
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  let card: string;
  let importer: PhotoImporter;
  let visitId: string;

  beforeEach(async () => {
    ctx = await photoTestStore();
    card = await mkdtemp(join(tmpdir(), 'fieldsync-card-'));
    visitId = seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Kibera Primary', ...nairobi });
    seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Far Away Primary', lat: 0.5, lon: 35 });
    importer = new PhotoImporter({
      store: ctx.store,
      library: ctx.library,
      maxBytes: 1_000_000,
    });
  });
  afterEach(() => ctx.store.close());

  it('imports a DCIM card with EXIF, suggests visits by day and place, and reads capture time, GPS and camera', async () => {
    await writeCard(card, {
      'DCIM/100CANON/IMG_0001.JPG': await makePhoto({
        seed: 1,
        takenAt: '2024:03:05 10:21:33',
        gps: nairobi,
        camera: canon,
      }),
      'DCIM/100CANON/IMG_0002.JPG': await makePhoto({
        seed: 2,
        takenAt: '2024:03:05 11:00:00',
        gps: nairobi,
        camera: canon,
      }),
      'DCIM/101CANON/PIC.png': await makePhoto({ seed: 3, format: 'png' }),
    });
    const scan = await importer.scan(card);
    expect(scan.filesSeen).toBe(3);
    expect(scan.candidates.map((c) => [c.relativePath, c.mimeType])).toEqual([
      ['DCIM/100CANON/IMG_0001.JPG', 'image/jpeg'],
      ['DCIM/100CANON/IMG_0002.JPG', 'image/jpeg'],
      ['DCIM/101CANON/PIC.png', 'image/png'],
    ]);
    const first = nth(scan.candidates, 0);
    expect(first.metadata).toMatchObject({ captureDay: '2024-03-05', camera: 'Canon PowerShot A2300' });
    expect(first.metadata.latitude).toBeCloseTo(nairobi.lat, 3);
    expect(first.metadata.longitude).toBeCloseTo(nairobi.lon, 3);
    expect(first.suggestion).toMatchObject({ schoolVisitId: visitId, confidence: 'high' });
    expect(nth(scan.candidates, 2).suggestion.schoolVisitId).toBeNull();
    expect(first.thumbnailPath).not.toBeNull();

    // The officer assigns the PNG (no EXIF) to the same visit in bulk.
    const commit = await importer.commit(scan, new Map([[nth(scan.candidates, 2).sha256, visitId]]));
    expect(commit.imported).toHaveLength(3);
    expect(rawConnection(ctx.store).db.select().from(photoLibrary).all()).toHaveLength(3);
    expect(
      rawConnection(ctx.store)
        .db.select()
        .from(photoUploads)
        .all()
        .map((r) => r.state),
    ).toEqual(['queued', 'queued', 'queued']);
    expect(commit.imported.map((i) => ctx.store.getRecord('photo', i.photoId)?.fields)).toContainEqual(
      expect.objectContaining({
        schoolVisitId: visitId,
        originalName: 'IMG_0001.JPG',
        camera: 'Canon PowerShot A2300',
        mimeType: 'image/jpeg',
      }),
    );
    expect(await readdir(ctx.library.staging)).toEqual([]);
    const report = importer.report(scan, commit);
    expect(report).toMatchObject({ filesSeen: 3, imported: 3, duplicates: [], skipped: [] });
  });

  it('lists each photo’s visit, distance and confidence; only sure suggestions when asked (the CLI’s default)', async () => {
    // 1.5 km from Kibera Primary (a low suggestion: two visits that day) and one 80 km from every school.
    const nearby = { lat: nairobi.lat + 0.0135, lon: nairobi.lon };
    await writeCard(card, {
      'DCIM/100/AT_SCHOOL.JPG': await makePhoto({ seed: 51, takenAt: '2024:03:05 09:00:00', gps: nairobi }),
      'DCIM/100/NEARBY.JPG': await makePhoto({ seed: 52, takenAt: '2024:03:05 09:30:00', gps: nearby }),
      'DCIM/100/FAR.JPG': await makePhoto({ seed: 53, takenAt: '2024:03:05 10:00:00', gps: { lat: 0, lon: 0 } }),
    });
    const scan = await importer.scan(card);
    const commit = await importer.commit(scan, PhotoImporter.suggestedAtLeast(scan, 'high'));
    const report = importer.report(scan, commit);
    expect(report.imported).toBe(1);
    // The two left without a sure visit wait in the photo inbox.
    expect(report.inbox).toBe(2);
    expect(report.photos).toEqual([
      {
        path: 'DCIM/100/AT_SCHOOL.JPG',
        schoolVisitId: visitId,
        confidence: 'high',
        distanceMetres: expect.any(Number),
      },
      { path: 'DCIM/100/FAR.JPG', schoolVisitId: null, confidence: 'none', distanceMetres: null },
      { path: 'DCIM/100/NEARBY.JPG', schoolVisitId: null, confidence: 'none', distanceMetres: null },
    ]);
    expect(nth(report.photos, 0).distanceMetres).toBeLessThan(50);
    const far = nth(scan.candidates, 1);
    expect(far.suggestion).toMatchObject({ schoolVisitId: null, confidence: 'none' });
    expect(far.suggestion.distanceMetres).toBeGreaterThan(2000);
    expect(nth(scan.candidates, 2).suggestion).toMatchObject({ schoolVisitId: visitId, confidence: 'low' });
  });

  it('finds the same card a second time all duplicates, and identical files within one card too', async () => {
    const shot = await makePhoto({ seed: 7, takenAt: '2024:03:05 09:00:00', gps: nairobi });
    await writeCard(card, { 'DCIM/100/A.JPG': shot, 'DCIM/101/COPY.JPG': shot });
    const first = await importer.scan(card);
    expect(first.candidates).toHaveLength(1);
    expect(first.duplicates).toEqual([
      { path: 'DCIM/101/COPY.JPG', sha256: nth(first.candidates, 0).sha256, of: 'this-import' },
    ]);
    await importer.commit(first);
    const second = await importer.scan(card);
    expect(second.candidates).toHaveLength(0);
    expect(second.duplicates.map((d) => d.of)).toEqual(['library', 'library']);
  });

  it('imports files with the same name in different folders as different photos', async () => {
    await writeCard(card, {
      'DCIM/100CANON/IMG_0001.JPG': await makePhoto({ seed: 11, takenAt: '2024:03:05 09:00:00', gps: nairobi }),
      'DCIM/101CANON/IMG_0001.JPG': await makePhoto({ seed: 12, takenAt: '2024:03:05 09:00:00', gps: nairobi }),
    });
    const scan = await importer.scan(card);
    const commit = await importer.commit(scan);
    expect(commit.imported).toHaveLength(2);
    expect(new Set(commit.imported.map((i) => i.sha256)).size).toBe(2);
  });

  it('skips every kind of bad input with a reason and imports the rest', async () => {
    const good = await makePhoto({ seed: 21, takenAt: '2024:03:05 09:00:00', gps: nairobi });
    const truncated = (await makePhoto({ seed: 22, edge: 256 })).subarray(0, 3000);
    await writeCard(card, {
      'DCIM/100/GOOD.JPG': good,
      'DCIM/100/TRUNC.JPG': truncated,
      'DCIM/100/CORRUPT.JPG': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]),
      'DCIM/100/NOTES.TXT': 'not a photo',
      'DCIM/100/FAKE.JPG': 'text with a photo extension',
      'DCIM/100/EMPTY.JPG': Buffer.alloc(0),
      'DCIM/100/HUGE.JPG': Buffer.concat([good.subarray(0, 4), Buffer.alloc(1_100_000)]),
      'DCIM/100/LOCKED.JPG': good,
    });
    await chmod(join(card, 'DCIM/100/LOCKED.JPG'), 0o000);
    await symlink(join(card, 'DCIM'), join(card, 'DCIM/100/loop'));
    await symlink(join(card, 'nowhere.jpg'), join(card, 'DCIM/100/broken.jpg'));
    const scan = await importer.scan(card);
    const reasons = Object.fromEntries(scan.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toMatchObject({
      'DCIM/100/TRUNC.JPG': 'corrupt',
      'DCIM/100/CORRUPT.JPG': 'corrupt',
      'DCIM/100/NOTES.TXT': 'not-an-image',
      'DCIM/100/FAKE.JPG': 'not-an-image',
      'DCIM/100/EMPTY.JPG': 'empty',
      'DCIM/100/HUGE.JPG': 'too-large',
      'DCIM/100/loop': 'symlink-loop',
      'DCIM/100/broken.jpg': 'removed',
    });
    // Root ignores permissions; as another user the locked file is `unreadable`, else it reads as a duplicate.
    if (process.getuid?.() !== 0) expect(reasons['DCIM/100/LOCKED.JPG']).toBe('unreadable');
    for (const s of scan.skipped) expect(s.message.length).toBeGreaterThan(5);
    expect(scan.candidates.map((c) => c.relativePath)).toEqual(['DCIM/100/GOOD.JPG']);
    // The good photo and its thumbnail, in the scan's own staging folder.
    expect(await readdir(scan.stagingDir)).toHaveLength(2);
    expect(dirname(scan.stagingDir)).toBe(ctx.library.staging);
  });

  it('keeps what was read when the card is pulled out mid-import', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 6; i++)
      files[`DCIM/100/IMG_${i}.JPG`] = await makePhoto({ seed: 100 + i, takenAt: '2024:03:05 09:00:00', gps: nairobi });
    await writeCard(card, files);
    // Simulate the card vanishing after the third file: later files disappear, one is cut short on the card.
    let seen = 0;
    const scan = await importer.scan(card, {
      onProgress: (e) => {
        if (e.current && ++seen === 3) {
          void rm(join(card, 'DCIM/100/IMG_4.JPG'));
          void rm(join(card, 'DCIM/100/IMG_5.JPG'));
        }
      },
    });
    const removed = scan.skipped.filter((s) => s.reason === 'removed').map((s) => s.path);
    expect(removed.length).toBeGreaterThanOrEqual(1);
    expect(scan.candidates.length + removed.length).toBe(6);
    const commit = await importer.commit(scan);
    expect(commit.imported.length).toBe(scan.candidates.length);
    expect(rawConnection(ctx.store).db.select().from(photoLibrary).all()).toHaveLength(scan.candidates.length);
  });

  it('imports HEIC by content and reports a missing preview instead of failing', async () => {
    // A HEIC container around data this build cannot decode (sharp's prebuilt libvips has no HEVC).
    await writeCard(card, { 'DCIM/100APPLE/IMG_0001.HEIC': heicContainer() });
    const scan = await importer.scan(card);
    expect(scan.candidates).toHaveLength(1);
    expect(scan.candidates[0]).toMatchObject({ mimeType: 'image/heic', thumbnailPath: null });
    expect(nth(scan.candidates, 0).thumbnailError).toMatch(/HEIC/);
    const commit = await importer.commit(scan, new Map([[nth(scan.candidates, 0).sha256, visitId]]));
    expect(importer.report(scan, commit).warnings).toEqual([
      {
        path: 'DCIM/100APPLE/IMG_0001.HEIC',
        message: expect.stringMatching(/HEIC/),
        text: expect.objectContaining({ key: 'photo-import:thumbnail.heic' }),
      },
    ]);
  });

  it('garbage behind a HEIC header is "not a photo", not imported', async () => {
    const broken = heicContainer();
    broken.write('xxxx', 40, 'latin1'); // the picture handler's box type, inside meta
    await writeCard(card, {
      'DCIM/100APPLE/IMG_0001.HEIC': garbageBehindHeicHeader(),
      'DCIM/100APPLE/IMG_0002.HEIC': heicContainer().subarray(0, 60),
      'DCIM/100APPLE/IMG_0003.HEIC': heicContainer(),
      'DCIM/100APPLE/IMG_0004.HEIC': broken,
    });
    const scan = await importer.scan(card);
    expect(scan.candidates.map((c) => c.relativePath)).toEqual(['DCIM/100APPLE/IMG_0003.HEIC']);
    const notAnImage = (path: string) => ({
      path,
      reason: 'not-an-image',
      message: expect.stringMatching(/HEIC/),
      text: { key: expect.stringMatching(/^photo-import:skip\.(heicDamaged|notAnImage)$/) },
    });
    expect(scan.skipped).toEqual(
      ['DCIM/100APPLE/IMG_0001.HEIC', 'DCIM/100APPLE/IMG_0002.HEIC', 'DCIM/100APPLE/IMG_0004.HEIC'].map(notAnImage),
    );
  });

  it('does not follow links out of the chosen folder: each is reported "link outside the card"', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'fieldsync-elsewhere-'));
    await writeCard(elsewhere, {
      'private.jpg': await makePhoto({ seed: 41 }),
      'Pictures/holiday.jpg': await makePhoto({ seed: 42 }),
    });
    await writeCard(card, { 'DCIM/100/IMG_0001.JPG': await makePhoto({ seed: 43 }) });
    await symlink(join(elsewhere, 'private.jpg'), join(card, 'DCIM/100/IMG_0002.JPG'));
    await symlink(join(elsewhere, 'Pictures'), join(card, 'DCIM/101'));
    // A link that stays on the card is followed as before.
    await symlink(join(card, 'DCIM/100/IMG_0001.JPG'), join(card, 'DCIM/100/IMG_0003.JPG'));
    const scan = await importer.scan(card);
    expect(scan.candidates.map((c) => c.relativePath)).toEqual(['DCIM/100/IMG_0001.JPG']);
    expect(scan.duplicates.map((d) => d.path)).toEqual(['DCIM/100/IMG_0003.JPG']);
    const outside = { key: 'photo-import:skip.outsideLink' };
    expect(scan.skipped).toEqual([
      {
        path: 'DCIM/100/IMG_0002.JPG',
        reason: 'outside-link',
        message: expect.stringMatching(/outside the card/),
        text: outside,
      },
      { path: 'DCIM/101', reason: 'outside-link', message: expect.stringMatching(/outside the card/), text: outside },
    ]);
  });

  it.runIf(process.platform === 'linux')(
    'a name with an invalid UTF-8 byte is a bad name, not "card removed"',
    async () => {
      await writeCard(card, { 'DCIM/100/IMG_0001.JPG': await makePhoto({ seed: 44 }) });
      const { writeFile } = await import('node:fs/promises');
      const name = Buffer.concat([
        Buffer.from(join(card, 'DCIM/100/IMG_'), 'utf8'),
        Buffer.from([0xff]),
        Buffer.from('.JPG'),
      ]);
      await writeFile(name, await makePhoto({ seed: 45 }));
      const scan = await importer.scan(card);
      expect(scan.candidates).toHaveLength(1);
      expect(scan.skipped).toEqual([
        {
          path: 'DCIM/100/IMG_\uFFFD.JPG',
          reason: 'bad-name',
          message: expect.stringMatching(/not valid text/),
          text: { key: 'photo-import:skip.badName' },
        },
      ]);
    },
  );

  it('discarding a scan leaves nothing behind', async () => {
    await writeCard(card, { 'A.JPG': await makePhoto({ seed: 31 }) });
    const scan = await importer.scan(card);
    await importer.discard(scan);
    expect(await readdir(ctx.library.staging)).toEqual([]);
  });
});
