import { join } from 'node:path';
import { isOld, listEntries, removeIfOld, type SweepContext, type SweepReport, sha256OfName } from './orphan-files.js';

/**
 * Staged (and library) files younger than this are left alone: an import (here or in another process)
 * may be writing them.
 */
export const STAGING_GRACE_MS = 24 * 60 * 60 * 1000;

export interface StagingSweepOptions extends SweepContext {
  /** Whether a photo row of this device names the blob (`PhotoLibraryRepository.referenceCheck`). */
  readonly isReferenced: (sha256: string) => boolean;
  readonly stagingDir: string;
  /** Scan folders this process still holds (scanning, or waiting for the officer): never touched. */
  readonly inUse: ReadonlySet<string>;
}

/** What a sweep did; paths are relative to the staging folder. */
export interface StagingSweep extends SweepReport {
  /** Named after a photo this device imported: kept, whatever their age. */
  referenced: string[];
}

/**
 * Removes what interrupted imports left in the staging folder (the app killed mid-scan, or a scan never
 * committed nor discarded): files older than the grace period that no photo row references (a staged
 * copy is named after its SHA-256; a library or upload-queue row with that hash references it), then
 * scan folders left empty. Folders of scans still open in this process are skipped whole. Each scan
 * stages under its own folder and file names, so an old file is never replaced by a new import's.
 */
export async function sweepStaging(options: StagingSweepOptions): Promise<StagingSweep> {
  const result: StagingSweep = { removed: [], bytesFreed: 0, referenced: [], failed: [] };
  const { isReferenced } = options;
  const sweepFile = async (path: string, relative: string) => {
    const sha256 = sha256OfName(relative.split('/').at(-1) ?? '');
    if (sha256 && isReferenced(sha256)) result.referenced.push(relative);
    else await removeIfOld(options, path, relative, result);
  };
  for (const entry of await listEntries(options.stagingDir)) {
    const path = join(options.stagingDir, entry.name);
    if (!entry.isDirectory()) {
      await sweepFile(path, entry.name);
      continue;
    }
    if (options.inUse.has(path)) continue;
    // Judged before its files go (removing them makes the folder look new).
    const folderOld = await isOld(options, path);
    for (const inner of await listEntries(path)) {
      if (!inner.isDirectory()) await sweepFile(join(path, inner.name), `${entry.name}/${inner.name}`);
    }
    // rmdir refuses a folder that still holds something: kept files keep their folder.
    if (folderOld) await options.fs.rmdir(path).catch(() => undefined);
  }
  return result;
}
