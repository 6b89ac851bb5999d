import type { Sharp, SharpOptions } from 'sharp';
import type { PhotoMimeType } from '../../shared/entities/photo.js';

type SharpFactory = (input: string, options: SharpOptions) => Sharp;
let sharpLoading: Promise<SharpFactory> | undefined;

/**
 * sharp, loaded on the first thumbnail rather than with main: it is a native library (libvips per
 * platform in @img/sharp-<os>-<arch>), and a build or PC where it cannot load must still open the app
 * and import photos, only without previews.
 */
function loadSharp(): Promise<SharpFactory> {
  sharpLoading ??= import('sharp').then(({ default: sharp }) => {
    // Each photo is decoded once: libvips' operation cache would only hold memory (client RSS goal ≤ 250 MB).
    sharp.cache(false);
    return sharp;
  });
  return sharpLoading;
}

/** Thumbnail edge in pixels (fits the import screen's grid at 2× density). */
export const THUMBNAIL_EDGE = 320;

export type ThumbnailResult =
  | { readonly kind: 'ok' }
  /** The image is damaged: skip the file. */
  | { readonly kind: 'corrupt'; readonly message: string }
  /** The image may be fine but this build cannot preview it (HEIC, or sharp did not load): import without a thumbnail. */
  | { readonly kind: 'unsupported'; readonly message: string };

/**
 * Writes a JPEG thumbnail with sharp, which also proves the image decodes: a truncated or damaged
 * JPEG/PNG fails here (`failOn: 'truncated'`). sharp's prebuilt libvips decodes HEIF containers but not
 * HEVC, so a HEIC photo usually gets no thumbnail; that is reported, never fatal.
 */
export async function makeThumbnail(source: string, target: string, mimeType: PhotoMimeType): Promise<ThumbnailResult> {
  let sharp: SharpFactory;
  try {
    sharp = await loadSharp();
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0];
    return { kind: 'unsupported', message: `No preview: the image library could not be loaded (${detail})` };
  }
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
