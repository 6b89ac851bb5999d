import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/** What the test camera writes into a photo's EXIF. */
export interface TestShot {
  /** Camera wall clock, `YYYY:MM:DD HH:MM:SS`. */
  readonly takenAt?: string;
  readonly gps?: { readonly lat: number; readonly lon: number };
  readonly camera?: { readonly make: string; readonly model: string };
  /** Pixel edge; bigger edges give bigger files. */
  readonly edge?: number;
  /** Pixel width and height as stored, when not a square of `edge`. */
  readonly size?: { readonly width: number; readonly height: number };
  /** EXIF orientation tag (6: the camera was turned, show rotated 90° clockwise). */
  readonly orientation?: number;
  /** Seed of the pixel noise, so two shots differ (and identical seeds give identical files). */
  readonly seed: number;
  readonly format?: 'jpeg' | 'png';
}

/** EXIF rational triple for a coordinate: degrees, minutes, hundredths of seconds. */
function dms(value: number): string {
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  const min = Math.floor((abs - deg) * 60);
  const sec = Math.round(((abs - deg) * 60 - min) * 60 * 100);
  return `${deg}/1 ${min}/1 ${sec}/100`;
}

/** Deterministic pixel noise: photos that compress like real ones (badly) and differ per seed. */
export function noise(width: number, height: number, seed: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < pixels.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    pixels[i] = x & 0xff;
  }
  return pixels;
}

/** Encodes one test photo with the EXIF a camera would write (sharp `withExif`). */
export async function makePhoto(shot: TestShot): Promise<Buffer> {
  const edge = shot.edge ?? 64;
  const { width, height } = shot.size ?? { width: edge, height: edge };
  const image = sharp(noise(width, height, shot.seed), { raw: { width, height, channels: 3 } });
  const exif: Record<string, Record<string, string>> = {};
  if (shot.camera) exif.IFD0 = { Make: shot.camera.make, Model: shot.camera.model };
  if (shot.takenAt) exif.IFD2 = { DateTimeOriginal: shot.takenAt };
  if (shot.gps) {
    exif.IFD3 = {
      GPSLatitudeRef: shot.gps.lat < 0 ? 'S' : 'N',
      GPSLatitude: dms(shot.gps.lat),
      GPSLongitudeRef: shot.gps.lon < 0 ? 'W' : 'E',
      GPSLongitude: dms(shot.gps.lon),
    };
  }
  const encoded = shot.format === 'png' ? image.png() : image.jpeg({ quality: 95 });
  const tagged = Object.keys(exif).length ? encoded.withExif(exif) : encoded;
  return (shot.orientation ? tagged.withMetadata({ orientation: shot.orientation }) : tagged).toBuffer();
}

/** Writes files onto a test card folder. */
export async function writeCard(root: string, files: Record<string, Buffer | string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}
