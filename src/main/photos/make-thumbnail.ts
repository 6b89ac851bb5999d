import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Sharp, SharpOptions } from 'sharp';
import type { PhotoMimeType } from '../../shared/entities/photo.js';
import { type LocalizedText, type MessageValue, text } from '../../shared/i18n/message.js';
import { sentence } from '../../shared/i18n/officer-error.js';
import { whyFileFailed } from '../fs/file-failure.js';
import { retryFs } from '../fs/retry-fs.js';

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
  | ({ readonly kind: 'corrupt' } & Said)
  /** The image may be fine but this build cannot preview it (HEIC, or sharp did not load): import without a thumbnail. */
  | ({ readonly kind: 'unsupported' } & Said)
  /**
   * The file could not be opened (held by another program, a path the image library cannot open): the
   * image was never decoded, so it is not called damaged; it is imported without a thumbnail.
   */
  | ({ readonly kind: 'unreadable' } & Said);

/** Why, in English (the log, the stored row) and as the catalog message the page says. */
interface Said {
  readonly message: string;
  readonly text: LocalizedText;
}

/** What the officer reads about a missing preview (one place, for translation). */
export const THUMBNAIL_TEXT = {
  noLibrary: (detail: string) => text('photo-import:thumbnail.noLibrary', { detail }),
  heic: (detail: string) => text('photo-import:thumbnail.heic', { detail }),
  corrupt: (detail: string) => text('photo-import:thumbnail.corrupt', { detail }),
  unreadable: (detail: MessageValue) => text('photo-import:thumbnail.unreadable', { detail }),
} as const;

/**
 * How paths are handed to the image library: Electron is not long-path aware and libvips does not add
 * the `\\?\` prefix Node's own fs adds, so a staged photo in a data folder with a long path (a long
 * user name, "OneDrive - Ministère …") would fail past 260 characters. `toNamespacedPath` adds the
 * prefix on Windows and changes nothing elsewhere.
 */
export type PathStyle = Pick<path.PlatformPath, 'toNamespacedPath'>;

/** sharp's words for a file it could not open or write, as opposed to one it could not decode. */
const OPEN_FAILURE = /input file is missing|unable to open|no such file|permission denied|access is denied/i;

/**
 * Writes a JPEG thumbnail with sharp, which also proves the image decodes: a truncated or damaged
 * JPEG/PNG fails here (`failOn: 'truncated'`). sharp's prebuilt libvips decodes HEIF containers but not
 * HEVC, so a HEIC photo usually gets no thumbnail; that is reported, never fatal. The file is opened
 * first (through a lock an antivirus holds for a moment), so a file that cannot be opened is told
 * apart from one that does not decode.
 */
export async function makeThumbnail(
  source: string,
  target: string,
  mimeType: PhotoMimeType,
  paths: PathStyle = path,
): Promise<ThumbnailResult> {
  let sharp: SharpFactory;
  try {
    sharp = await loadSharp();
  } catch (error) {
    return { kind: 'unsupported', ...sentence(THUMBNAIL_TEXT.noLibrary(firstLine(error))) };
  }
  const [input, output] = [paths.toNamespacedPath(source), paths.toNamespacedPath(target)];
  try {
    await retryFs('open', source, async () => (await open(input, 'r')).close());
  } catch (error) {
    return { kind: 'unreadable', ...sentence(THUMBNAIL_TEXT.unreadable({ text: whyFileFailed(error) })) };
  }
  try {
    await sharp(input, { failOn: 'truncated', sequentialRead: true })
      .rotate()
      .resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toFile(output);
    return { kind: 'ok' };
  } catch (error) {
    const detail = firstLine(error);
    if (OPEN_FAILURE.test(detail)) return { kind: 'unreadable', ...sentence(THUMBNAIL_TEXT.unreadable(detail)) };
    if (mimeType === 'image/heic') return { kind: 'unsupported', ...sentence(THUMBNAIL_TEXT.heic(detail)) };
    return { kind: 'corrupt', ...sentence(THUMBNAIL_TEXT.corrupt(detail)) };
  }
}

function firstLine(error: unknown): string {
  return (error as Error).message.split('\n')[0] ?? '';
}

/** Longest edge of the viewer's image: full size for any camera of the field, bounded for a panorama. */
export const VIEW_EDGE = 8192;

/** A library photo made ready to show: upright (EXIF orientation applied) and its pixel size as shown. */
export interface UprightImage {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * The photo the viewer shows: EXIF orientation applied (as the thumbnails do), so a portrait shot
 * stands up whatever the page's image decoder does with the tag; re-encoded as JPEG at full size.
 * `null` when sharp is not available or the image does not decode (the viewer says so).
 */
export async function uprightImage(source: string, paths: PathStyle = path): Promise<UprightImage | null> {
  const sharp = await loadSharp().catch(() => null);
  if (!sharp) return null;
  try {
    const { data, info } = await sharp(paths.toNamespacedPath(source), { failOn: 'truncated' })
      .rotate()
      .resize({ width: VIEW_EDGE, height: VIEW_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 90 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}
