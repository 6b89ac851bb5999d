/**
 * A PC or build where sharp's native library cannot load (the installer lacked @img/sharp-win32-x64,
 * a policy blocks the DLL): the scan goes on and the photo is kept, without a preview.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { scanPhotos } from '../../src/main/photos/scan-photos.js';

vi.mock('sharp', () => {
  throw new Error('Could not load the "sharp" module using the win32-x64 runtime\nPossible solutions: …');
});

/** A real 2×2 JPEG (made once with sharp; this test cannot load it). */
const JPEG = Buffer.from(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCcAqAP/9k=',
  'base64',
);

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

it('a missing image library means no thumbnail, not a failed scan', async () => {
  const card = await mkdtemp(join(tmpdir(), 'fieldsync-nosharp-'));
  dirs.push(card);
  await mkdir(join(card, 'DCIM', '100CANON'), { recursive: true });
  await writeFile(join(card, 'DCIM', '100CANON', 'IMG_0001.JPG'), JPEG);
  const staging = await mkdtemp(join(tmpdir(), 'fieldsync-nosharp-staging-'));
  dirs.push(staging);
  const scan = await scanPhotos(card, {
    stagingDir: staging,
    maxBytes: 1_000_000,
    inLibrary: () => false,
  });
  expect(scan.skipped).toEqual([]);
  expect(scan.photos).toHaveLength(1);
  expect(scan.photos[0]).toMatchObject({
    mimeType: 'image/jpeg',
    thumbnailPath: null,
    // vitest wraps the factory's error in its own message; the app shows the loader's first line.
    thumbnailError: expect.stringMatching(/^No preview: the image library could not be loaded \(/),
  });
});
