import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeThumbnail, type PathStyle } from '../../src/main/photos/make-thumbnail.js';
import { makePhoto } from './support/make-card.js';

/**
 * Windows paths past 260 characters: Node's fs adds the `\\?\` prefix itself, libvips (sharp) does
 * not, and Electron is not long-path aware, so only the prefixed form reaches a deep file. Here a
 * "C: drive" folder stands in for Windows: the prefixed path (`path.win32.toNamespacedPath`, the
 * real one) leads to the file; the bare long path leads nowhere, as it does for libvips on Windows.
 */
describe('a photo staged under a long Windows path', () => {
  let drive: string;
  beforeEach(async () => {
    drive = await mkdtemp(join(tmpdir(), 'fieldsync-c-drive-'));
  });
  afterEach(() => rm(drive, { recursive: true, force: true }));

  const longFolder = [
    'C:\\Users\\Jean-Baptiste.Ndayishimiye-Habonimana',
    'OneDrive - Ministère de l’Éducation nationale et de l’Alphabétisation',
    'Documents\\Fieldsync données de terrain',
    'accounts\\0123456789abcdef-photos\\staging\\0f8fad5b-d9cb-469f-a165-70867728950e',
  ].join('\\');
  const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  /** Windows as sharp meets it: only `\\?\C:\…` reaches the drive. */
  const windows: PathStyle = {
    toNamespacedPath: (p) => {
      const prefixed = path.win32.toNamespacedPath(p);
      return prefixed.startsWith('\\\\?\\C:\\') ? join(drive, ...prefixed.slice(7).split('\\')) : p;
    },
  };
  const onDrive = (p: string) => windows.toNamespacedPath(p);

  it('gets its thumbnail: the image library is handed the \\\\?\\ form', async () => {
    const source = `${longFolder}\\${sha}`;
    const target = `${source}.thumb.jpg`;
    expect(target.length).toBeGreaterThan(260);
    await mkdir(onDrive(longFolder), { recursive: true });
    await writeFile(onDrive(source), await makePhoto({ seed: 5, edge: 400 }));
    expect(await makeThumbnail(source, target, 'image/jpeg', windows)).toEqual({ kind: 'ok' });
    expect(existsSync(onDrive(target))).toBe(true);
  });

  it('that cannot be opened is told apart from a damaged one: no preview, not "damaged"', async () => {
    const missing = await makeThumbnail(join(drive, 'gone.jpg'), join(drive, 'gone.thumb.jpg'), 'image/jpeg');
    expect(missing).toEqual({
      kind: 'unreadable',
      message: expect.stringMatching(/^No preview: the photo could not be opened/),
      text: expect.objectContaining({ key: 'photo-import:thumbnail.unreadable' }),
    });
    const truncated = join(drive, 'truncated.jpg');
    await writeFile(truncated, (await makePhoto({ seed: 6, edge: 256 })).subarray(0, 3000));
    expect(await makeThumbnail(truncated, `${truncated}.thumb.jpg`, 'image/jpeg')).toEqual({
      kind: 'corrupt',
      message: expect.stringMatching(/^The image is damaged or truncated/),
      text: expect.objectContaining({ key: 'photo-import:thumbnail.corrupt' }),
    });
  });
});
