import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exifDate, readPhotoMetadata } from '../../src/main/photos/read-photo-metadata.js';
import { makePhoto } from './support/make-card.js';

describe('a photo’s capture date', () => {
  const read = async (takenAt: string) => {
    const path = join(await mkdtemp(join(tmpdir(), 'fieldsync-exif-')), 'IMG.JPG');
    await writeFile(path, await makePhoto({ seed: 3, takenAt, edge: 16 }));
    return readPhotoMetadata(path);
  };

  it('is the camera’s wall clock when it is a real moment', async () => {
    expect(await read('2024:03:05 10:21:33')).toMatchObject({ captureDay: '2024-03-05' });
  });

  it('impossible dates and times mean no capture date, never a rolled-over real day', async () => {
    for (const takenAt of [
      '2025:10:55 24:30:00',
      '2025:02:29 10:00:00',
      '2025:13:01 10:00:00',
      '0000:00:00 00:00:00',
    ]) {
      expect(await read(takenAt), takenAt).toMatchObject({ capturedAt: null, captureDay: null });
    }
  });

  it('each field is checked against its calendar range', () => {
    expect(exifDate('2024:02:29 23:59:59')?.getDate()).toBe(29);
    expect(exifDate('2024:02:30 10:00:00')).toBeNull();
    expect(exifDate('2024:04:31 10:00:00')).toBeNull();
    expect(exifDate('2024:04:30 10:60:00')).toBeNull();
    expect(exifDate('2024:04:30 10:00:60')).toBeNull();
    expect(exifDate('2024:04:30 24:00:00')).toBeNull();
    expect(exifDate('    :  :     :  :  ')).toBeNull();
    expect(exifDate(undefined)).toBeNull();
  });
});
