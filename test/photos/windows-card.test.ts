import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhotoImporter } from '../../src/main/photos/photo-importer.js';
import type { ScanPhotosOptions } from '../../src/main/photos/scan-photos.js';
import { stageFile } from '../../src/main/photos/stage-file.js';
import { windowsError } from '../support/windows-locks.js';
import { makePhoto, writeCard } from './support/make-card.js';
import { photoTestStore, seedVisit } from './support/photo-test-db.js';

/**
 * A camera card on Windows: pulled out mid-scan, read from its drive root. Windows cannot run here, so
 * the card's failures are Windows' own: once the card is really gone (its folder removed), every
 * read from it fails with the code libuv gives on Windows for a missing device.
 */
describe('a camera card on Windows', () => {
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  let card: string;

  beforeEach(async () => {
    ctx = await photoTestStore();
    card = await mkdtemp(join(tmpdir(), 'fieldsync-card-'));
  });
  afterEach(async () => {
    ctx.store.close();
    await rm(card, { recursive: true, force: true });
  });

  const importer = (scanning: Pick<ScanPhotosOptions, 'stage'> = {}) =>
    new PhotoImporter({ store: ctx.store, library: ctx.library, maxBytes: 1_000_000, scanning });

  /** Reads from the card as Windows does once the card is pulled after `after` files: `code` for every read. */
  const pulledAfter = (after: number, code: string): typeof stageFile => {
    let read = 0;
    let pulled: Promise<void> | undefined;
    return async (path, options) => {
      if (++read <= after) return stageFile(path, options);
      pulled ??= rm(card, { recursive: true, force: true });
      await pulled;
      const staged = await stageFile(path, options);
      if (staged.ok) throw new Error('the card should be gone');
      // What the same read says on Windows: libuv leaves the device error unmapped.
      const error = windowsError(code, 'read', path);
      return { ok: false, reason: 'unreadable', message: `Could not read the file: ${error.message}`, code };
    };
  };

  it.each(['UNKNOWN', 'EIO', 'ENOENT', 'EBUSY', 'ETIMEDOUT'])(
    'pulled out mid-scan (%s) stops the scan at once with one "card removed" entry, keeping what was read',
    async (code) => {
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < 12; i++)
        files[`DCIM/100CANON/IMG_${String(i).padStart(4, '0')}.JPG`] = await makePhoto({ seed: 40 + i });
      await writeCard(card, files);
      const scan = await importer({ stage: pulledAfter(4, code) }).scan(card);
      expect(scan.candidates).toHaveLength(4);
      expect(scan.skipped).toEqual([
        {
          path: '.',
          reason: 'removed',
          message: expect.stringMatching(
            /^The card was removed while it was read: the 4 new photos read before are kept/,
          ),
          text: { key: 'photo-import:skip.cardRemoved', values: { kept: 4 } },
        },
      ]);
      expect(scan.filesSeen).toBeLessThan(12);
      // What was read is staged and can be imported.
      const visit = seedVisit(ctx.store, {
        visitDate: '2024-03-05',
        schoolName: 'Kibera Primary',
        lat: null,
        lon: null,
      });
      const commit = await importer().commit(scan, new Map(scan.candidates.map((c) => [c.sha256, visit])));
      expect(commit.imported).toHaveLength(4);
    },
  );

  it('that is still there when one file fails keeps scanning, with that file skipped', async () => {
    await writeCard(card, {
      'DCIM/100/A.JPG': await makePhoto({ seed: 61 }),
      'DCIM/100/B.JPG': await makePhoto({ seed: 62 }),
      'DCIM/100/C.JPG': await makePhoto({ seed: 63 }),
    });
    const flaky: typeof stageFile = async (path, options) =>
      path.endsWith('B.JPG')
        ? { ok: false, reason: 'unreadable', message: 'Could not read the file: UNKNOWN', code: 'UNKNOWN' }
        : stageFile(path, options);
    const scan = await importer({ stage: flaky }).scan(card);
    expect(scan.candidates.map((c) => c.relativePath)).toEqual(['DCIM/100/A.JPG', 'DCIM/100/C.JPG']);
    expect(scan.skipped).toEqual([{ path: 'DCIM/100/B.JPG', reason: 'unreadable', message: expect.any(String) }]);
  });

  it('scanned from its drive root skips Windows’ system folders silently and starts at DCIM', async () => {
    await writeCard(card, {
      'DCIM/100CANON/IMG_0001.JPG': await makePhoto({ seed: 71 }),
      'DCIM/100CANON/IMG_0002.JPG': await makePhoto({ seed: 72 }),
      'MISC/AUTPRINT.MRK': 'print order',
      'PRIVATE/AVCHD/INDEX.BDM': 'video index',
      'System Volume Information/IndexerVolumeGuid': 'guid',
      '$RECYCLE.BIN/S-1-5-21/desktop.ini': 'bin',
    });
    const scan = await importer().scan(card);
    expect(scan.candidates.map((c) => c.relativePath)).toEqual([
      'DCIM/100CANON/IMG_0001.JPG',
      'DCIM/100CANON/IMG_0002.JPG',
    ]);
    // The camera's own folders are said once each, never walked; the system's are not said at all.
    expect(scan.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['MISC', 'outside-dcim'],
      ['PRIVATE', 'outside-dcim'],
    ]);
  });

  it('without DCIM (a folder of photos on a USB stick) is scanned whole, system folders still left out', async () => {
    await writeCard(card, {
      'School visits/A.JPG': await makePhoto({ seed: 81 }),
      'B.JPG': await makePhoto({ seed: 82 }),
      'System Volume Information/WPSettings.dat': 'x',
    });
    const scan = await importer().scan(card);
    expect(scan.candidates.map((c) => c.relativePath)).toEqual(['B.JPG', 'School visits/A.JPG']);
    expect(scan.skipped).toEqual([]);
    expect(await readdir(card)).toContain('System Volume Information');
  });
});
