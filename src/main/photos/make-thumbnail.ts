import sharp from 'sharp';
import type { PhotoMimeType } from '../../shared/entities/photo.js';

// Each photo is decoded once: libvips' operation cache would only hold memory (client RSS goal ≤ 250 MB).
sharp.cache(false);

/** Thumbnail edge in pixels (fits the import screen's grid at 2× density). */
export const THUMBNAIL_EDGE = 320;

export type ThumbnailResult =
  | { readonly kind: 'ok' }
  /** The image is damaged: skip the file. */
  | { readonly kind: 'corrupt'; readonly message: string }
  /** The image may be fine but this build cannot preview it (HEIC): import without a thumbnail. */
  | { readonly kind: 'unsupported'; readonly message: string };

/**
 * Writes a JPEG thumbnail with sharp, which also proves the image decodes: a truncated or damaged
 * JPEG/PNG fails here (`failOn: 'truncated'`). sharp's prebuilt libvips decodes HEIF containers but not
 * HEVC, so a HEIC photo usually gets no thumbnail; that is reported, never fatal.
 */
export async function makeThumbnail(source: string, target: string, mimeType: PhotoMimeType): Promise<ThumbnailResult> {
  try {
    await sharp(source, { failOn: 'truncated', sequentialRead: true })
      .rotate()
      .resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toFile(target);
    return { kind: 'ok' };
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0];
    if (mimeType === 'image/heic') {
      return { kind: 'unsupported', message: `No preview: this build's image library cannot decode HEIC (${detail})` };
    }
    return { kind: 'corrupt', message: `The image is damaged or truncated (${detail})` };
  }
}
