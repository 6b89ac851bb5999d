import { mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PhotoMimeType } from '../../shared/entities/photo.js';
import type { LocalizedText } from '../../shared/i18n/message.js';
import { sentence } from '../../shared/i18n/officer-error.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import { whyFileFailed } from '../fs/file-failure.js';
import { FileLockedError, type FileOps, retryingFs } from '../fs/retry-fs.js';
import { CARD_GONE_CODES, FILE_ERROR_TEXT } from './file-error-reason.js';
import type { DuplicateFile, SkippedFile } from './import-report.js';
import { makeThumbnail, type PathStyle } from './make-thumbnail.js';
import { type PhotoMetadata, readPhotoMetadata } from './read-photo-metadata.js';
import { type ScanEntry, scanFolder } from './scan-folder.js';
import { stageFile } from './stage-file.js';

/** A new photo found on the card, staged and waiting for the officer to confirm its visit. */
export interface ScannedPhoto {
  readonly sha256: string;
  readonly size: number;
  readonly mimeType: PhotoMimeType;
  /** Relative to the import root. */
  readonly relativePath: string;
  readonly originalName: string;
  readonly sourcePath: string;
  readonly stagedPath: string;
  readonly thumbnailPath: string | null;
  /** Why there is no thumbnail (HEIC this build cannot decode, a file that could not be opened). */
  readonly thumbnailError: string | null;
  /** `thumbnailError` as the catalog message the page says. */
  readonly thumbnailText: LocalizedText | null;
  readonly metadata: PhotoMetadata;
}

export interface ScanResult {
  readonly root: string;
  readonly photos: ScannedPhoto[];
  readonly duplicates: DuplicateFile[];
  readonly skipped: SkippedFile[];
  readonly filesSeen: number;
  readonly bytesHashed: number;
}

export interface ScanPhotosOptions {
  readonly stagingDir: string;
  readonly maxBytes: number;
  /** Whether this device's library already holds a blob. */
  readonly inLibrary: (sha256: string) => boolean;
  /** Files read at once (hashing is I/O-bound, thumbnails use sharp's own threads). */
  readonly concurrency?: number;
  readonly onProgress?: (event: PhotoScanProgress) => void;
  readonly signal?: AbortSignal;
  /** Staging's moves and deletes (retried through an antivirus's lock); tests inject Windows' failures. */
  readonly fs?: FileOps;
  /** Copies one file off the card (tests make the card fail as a pulled one does). */
  readonly stage?: typeof stageFile;
  /** Whether the card's root still answers (a pulled card's does not). */
  readonly rootAnswers?: (root: string) => Promise<boolean>;
  /** How paths reach the image library (`path.win32` semantics on Windows). */
  readonly paths?: PathStyle;
}

/** The card was pulled out: the scan stops, keeping what it read. */
class CardRemoved extends Error {}

/**
 * Scans a folder or card: every file is recognised by content, copied into staging while hashed,
 * checked against the library and this scan for duplicates, decoded into a thumbnail (which proves
 * it is not truncated) and its EXIF read. Each file ends up in exactly one list of the result.
 *
 * One file never ends a scan: a file another program holds past the retries, or any other failure on
 * it, is skipped with its reason. A pulled card ends it at once: the first read that fails the way a
 * missing device does makes the scan look at the card's root, and if that is gone too the scan stops
 * with one "card removed" entry instead of one failure per remaining file; what it read is kept.
 */
export async function scanPhotos(root: string, options: ScanPhotosOptions): Promise<ScanResult> {
  const fs = options.fs ?? retryingFs;
  const stage = options.stage ?? stageFile;
  const rootAnswers = options.rootAnswers ?? answers;
  await mkdir(options.stagingDir, { recursive: true });
  const result = {
    root,
    photos: [] as ScannedPhoto[],
    duplicates: [] as DuplicateFile[],
    skipped: [] as SkippedFile[],
    filesSeen: 0,
    bytesHashed: 0,
  };
  const seen = new Map<string, string>();
  let processed = 0;
  let removed = false;
  const report = (current?: string) =>
    options.onProgress?.({
      kind: 'photo-scan',
      filesSeen: result.filesSeen,
      filesProcessed: processed,
      bytesHashed: result.bytesHashed,
      current,
    });

  /** A read failed with `code`: is it the card that went? Once it has, every later failure is its. */
  const cardGone = async (code: string | undefined): Promise<boolean> => {
    if (removed) return true;
    if (!code || !CARD_GONE_CODES.has(code)) return false;
    removed = !(await rootAnswers(root));
    return removed;
  };
  const skip = async (entry: SkippedFile & { code?: string }) => {
    if (await cardGone(entry.code)) return;
    result.skipped.push({ path: entry.path, reason: entry.reason, message: entry.message, ...textField(entry.text) });
  };

  const stageOne = async (path: string, relativePath: string) => {
    const staged = await stage(path, {
      maxBytes: options.maxBytes,
      stagingDir: options.stagingDir,
      onBytes: (n) => {
        result.bytesHashed += n;
      },
    });
    if (!staged.ok) {
      await skip({
        path: relativePath,
        reason: staged.reason,
        message: staged.message,
        ...textField(staged.text),
        ...codeField(staged.code),
      });
      return;
    }
    const { sha256, stagedPath: tmp } = staged.value;
    const dupOf = options.inLibrary(sha256) ? 'library' : seen.has(sha256) ? 'this-import' : null;
    if (dupOf) {
      // The copy is not needed; if it stays locked the staging sweep takes it later.
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      result.duplicates.push({ path: relativePath, sha256, of: dupOf });
      return;
    }
    seen.set(sha256, relativePath);
    const stagedPath = join(options.stagingDir, sha256);
    try {
      await fs.rename(tmp, stagedPath);
    } catch (error) {
      seen.delete(sha256);
      throw error;
    }
    const thumbnailPath = `${stagedPath}.thumb.jpg`;
    const thumb = await makeThumbnail(stagedPath, thumbnailPath, staged.value.mimeType, options.paths);
    if (thumb.kind === 'corrupt') {
      seen.delete(sha256);
      await fs.rm(stagedPath, { force: true }).catch(() => undefined);
      await fs.rm(thumbnailPath, { force: true }).catch(() => undefined);
      result.skipped.push({ path: relativePath, reason: 'corrupt', message: thumb.message, text: thumb.text });
      return;
    }
    result.photos.push({
      ...staged.value,
      stagedPath,
      relativePath,
      originalName: basename(path),
      sourcePath: path,
      thumbnailPath: thumb.kind === 'ok' ? thumbnailPath : null,
      thumbnailError: thumb.kind === 'ok' ? null : thumb.message,
      thumbnailText: thumb.kind === 'ok' ? null : thumb.text,
      metadata: await readPhotoMetadata(stagedPath),
    });
  };

  const handle = async (path: string, relativePath: string) => {
    report(relativePath);
    try {
      await stageOne(path, relativePath);
    } catch (error) {
      // Staging's own files (a move an antivirus blocked past the retries, a full disk): this file is
      // skipped with the reason, the scan goes on.
      const reason = error instanceof FileLockedError ? 'locked' : 'unreadable';
      result.skipped.push({ path: relativePath, reason, ...sentence(whyFileFailed(error)) });
    }
  };

  const inFlight = new Set<Promise<void>>();
  const limit = options.concurrency ?? 2;
  try {
    for await (const entry of scanFolder(root, options.signal)) {
      if (removed) throw new CardRemoved();
      result.filesSeen++;
      if (entry.kind === 'skipped') {
        await skip(entrySkip(entry));
        processed++;
        continue;
      }
      const task = handle(entry.path, entry.relativePath).finally(() => {
        processed++;
        inFlight.delete(task);
      });
      inFlight.add(task);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
  } catch (error) {
    // Cancelled, or the card was pulled: let the files in flight finish, so nothing writes to staging
    // after the caller cleans it (and what was read is kept).
    await Promise.allSettled(inFlight);
    if (!(error instanceof CardRemoved)) throw error;
  }
  await Promise.all(inFlight);
  if (removed) {
    result.skipped.push({
      path: '.',
      reason: 'removed',
      ...sentence(FILE_ERROR_TEXT.cardRemoved(result.photos.length)),
    });
  }
  report();
  const byPath = <T extends { path?: string; relativePath?: string }>(a: T, b: T) =>
    (a.path ?? a.relativePath ?? '').localeCompare(b.path ?? b.relativePath ?? '');
  result.photos.sort(byPath);
  result.duplicates.sort(byPath);
  result.skipped.sort(byPath);
  return result;
}

function entrySkip(entry: Extract<ScanEntry, { kind: 'skipped' }>): SkippedFile & { code?: string } {
  const { kind: _kind, ...skipped } = entry;
  return skipped;
}

function textField(said: LocalizedText | undefined): { text?: LocalizedText } {
  return said ? { text: said } : {};
}

function codeField(code: string | undefined): { code?: string } {
  return code ? { code } : {};
}

/** A card's root answers while the card is in: its listing can be read. */
async function answers(root: string): Promise<boolean> {
  try {
    await readdir(root);
    return true;
  } catch {
    return false;
  }
}
