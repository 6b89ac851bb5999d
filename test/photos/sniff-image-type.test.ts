import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../src/shared/photos/sniff-image-type.js';

const ftyp = (major: string, ...compatible: string[]) => {
  const brands = [major, '\0\0\0\0', ...compatible].join('');
  const size = 8 + brands.length;
  return Buffer.concat([Buffer.from([0, 0, 0, size]), Buffer.from(`ftyp${brands}`, 'latin1')]);
};

describe('recognising images by content', () => {
  it('knows JPEG, PNG and HEIC by their magic bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(ftyp('heic', 'mif1', 'heic'))).toBe('image/heic');
    expect(sniffImageType(ftyp('mif1', 'mif1', 'heic'))).toBe('image/heic');
  });

  it('refuses AVIF, video and text whatever their names', () => {
    expect(sniffImageType(ftyp('avif', 'mif1', 'avif'))).toBeNull();
    expect(sniffImageType(ftyp('mif1', 'mif1', 'avif'))).toBeNull();
    expect(sniffImageType(ftyp('isom', 'mp41'))).toBeNull();
    expect(sniffImageType(Buffer.from('hello, not a photo'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});
