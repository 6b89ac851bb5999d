import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PhotoMimeType } from '../../shared/entities/photo.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import type { DuplicateFile, SkippedFile } from './import-report.js';
import { makeThumbnail } from './make-thumbnail.js';
import { type PhotoMetadata, readPhotoMetadata } from './read-photo-metadata.js';
import { scanFolder } from './scan-folder.js';
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
  /** Why there is no thumbnail (HEIC this build cannot decode). */
  readonly thumbnailError: string | null;
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
}

/**
 * Scans a folder or card: every file is recognised by content, copied into staging while hashed,
 * checked against the library and this scan for duplicates, decoded into a thumbnail (which proves
 * it is not truncated) and its EXIF read. Each file ends up in exactly one list of the result.
 */
export async function scanPhotos(root: string, options: ScanPhotosOptions): Promise<ScanResult> {
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
  const report = (current?: string) =>
    options.onProgress?.({
      kind: 'photo-scan',
      filesSeen: result.filesSeen,
      filesProcessed: processed,
      bytesHashed: result.bytesHashed,
      current,
    });

  const handle = async (path: string, relativePath: string) => {
    report(relativePath);
    const staged = await stageFile(path, {
      maxBytes: options.maxBytes,
      stagingDir: options.stagingDir,
      onBytes: (n) => {
        result.bytesHashed += n;
      },
    });
    if (!staged.ok) {
      result.skipped.push({ path: relativePath, reason: staged.reason, message: staged.message });
      return;
    }
    const { sha256, stagedPath: tmp } = staged.value;
    const dupOf = options.inLibrary(sha256) ? 'library' : seen.has(sha256) ? 'this-import' : null;
    if (dupOf) {
      await rm(tmp, { force: true });
      result.duplicates.push({ path: relativePath, sha256, of: dupOf });
      return;
    }
    seen.set(sha256, relativePath);
    const stagedPath = join(options.stagingDir, sha256);
    await rename(tmp, stagedPath);
    const thumbnailPath = `${stagedPath}.thumb.jpg`;
    const thumb = await makeThumbnail(stagedPath, thumbnailPath, staged.value.mimeType);
    if (thumb.kind === 'corrupt') {
      seen.delete(sha256);
      await rm(stagedPath, { force: true });
      await rm(thumbnailPath, { force: true });
      result.skipped.push({ path: relativePath, reason: 'corrupt', message: thumb.message });
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
      metadata: await readPhotoMetadata(stagedPath),
    });
  };

  const inFlight = new Set<Promise<void>>();
  const limit = options.concurrency ?? 2;
  try {
    for await (const entry of scanFolder(root, options.signal)) {
      result.filesSeen++;
      if (entry.kind === 'skipped') {
        result.skipped.push({ path: entry.path, reason: entry.reason, message: entry.message });
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
    // Cancelled: let the files in flight finish, so nothing writes to staging after the caller cleans it.
    await Promise.allSettled(inFlight);
    throw error;
  }
  await Promise.all(inFlight);
  report();
  const byPath = <T extends { path?: string; relativePath?: string }>(a: T, b: T) =>
    (a.path ?? a.relativePath ?? '').localeCompare(b.path ?? b.relativePath ?? '');
  result.photos.sort(byPath);
  result.duplicates.sort(byPath);
  result.skipped.sort(byPath);
  return result;
}
