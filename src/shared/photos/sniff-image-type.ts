import type { PhotoMimeType } from '../entities/photo.js';

/** Bytes `sniffImageType` needs from the start of a file. */
export const SNIFF_BYTES = 32;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
/** Generic HEIF brands: HEIC only when a compatible brand says HEVC (AVIF shares the container). */
const HEIF_GENERIC = new Set(['mif1', 'msf1']);

/**
 * Recognises JPEG, PNG and HEIC by their magic bytes. Cards hold `.JPG` files that are videos and
 * extensionless files that are photos, so the extension is never consulted.
 */
export function sniffImageType(head: Uint8Array): PhotoMimeType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length >= 8 && png.every((b, i) => head[i] === b)) return 'image/png';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const major = ascii(head, 8, 12);
    if (HEIC_BRANDS.has(major)) return 'image/heic';
    if (HEIF_GENERIC.has(major)) {
      const boxSize = Math.min(head.length, new DataView(head.buffer, head.byteOffset, 4).getUint32(0));
      for (let i = 16; i + 4 <= boxSize; i += 4) if (HEIC_BRANDS.has(ascii(head, i, i + 4))) return 'image/heic';
    }
  }
  return null;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
