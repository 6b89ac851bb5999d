import type { Dirent } from 'node:fs';
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { photoLibrary, photoUploads } from './schema.js';

/** Staged files younger than this are left alone: an import (here or in another process) may be writing them. */
export const STAGING_GRACE_MS = 24 * 60 * 60 * 1000;

export interface StagingSweepOptions {
  readonly db: BetterSQLite3Database;
  readonly stagingDir: string;
  readonly graceMs: number;
  /** The current time (ms since the epoch). */
  readonly now: number;
  /** Scan folders this process still holds (scanning, or waiting for the officer): never touched. */
  readonly inUse: ReadonlySet<string>;
}

/** What a sweep did; paths are relative to the staging folder. */
export interface StagingSweep {
  removed: string[];
  bytesFreed: number;
  /** Named after a photo this device imported: kept, whatever their age. */
  referenced: string[];
  /** Could not be removed (e.g. held open by a virus scanner); tried again at the next sweep. */
  failed: { path: string; message: string }[];
}

const SHA_PREFIX = /^[0-9a-f]{64}/;

/**
 * Removes what interrupted imports left in the staging folder (the app killed mid-scan, or a scan never
 * committed nor discarded): files older than the grace period that no photo row references (a staged
 * copy is named after its SHA-256; a library or upload-queue row with that hash references it), then
 * scan folders left empty. Folders of scans still open in this process are skipped whole. Each scan
 * stages under its own folder and file names, so an old file is never replaced by a new import's.
 */
export async function sweepStaging(options: StagingSweepOptions): Promise<StagingSweep> {
  const result: StagingSweep = { removed: [], bytesFreed: 0, referenced: [], failed: [] };
  const entries = await list(options.stagingDir);
  for (const entry of entries) {
    const path = join(options.stagingDir, entry.name);
    if (!entry.isDirectory()) {
      await sweepFile(options, path, entry.name, result);
      continue;
    }
    if (options.inUse.has(path)) continue;
    // Judged before its files go (removing them makes the folder look new).
    const folderOld = await isOld(options, path);
    for (const inner of await list(path)) {
      if (!inner.isDirectory()) await sweepFile(options, join(path, inner.name), `${entry.name}/${inner.name}`, result);
    }
    // rmdir refuses a folder that still holds something: kept files keep their folder.
    if (folderOld) await rmdir(path).catch(() => undefined);
  }
  return result;
}

async function sweepFile(
  options: StagingSweepOptions,
  path: string,
  relative: string,
  result: StagingSweep,
): Promise<void> {
  const sha256 = SHA_PREFIX.exec(relative.split('/').at(-1) ?? '')?.[0];
  if (sha256 && isReferenced(options.db, sha256)) {
    result.referenced.push(relative);
    return;
  }
  const stats = await lstat(path).catch(() => null);
  if (!stats || options.now - stats.mtimeMs < options.graceMs) return;
  try {
    await rm(path, { force: true });
    result.removed.push(relative);
    result.bytesFreed += stats.size;
  } catch (error) {
    result.failed.push({ path: relative, message: (error as Error).message });
  }
}

function isReferenced(db: BetterSQLite3Database, sha256: string): boolean {
  const library = db.select({ sha256: photoLibrary.sha256 }).from(photoLibrary).where(eq(photoLibrary.sha256, sha256));
  const queued = db.select({ sha256: photoUploads.sha256 }).from(photoUploads).where(eq(photoUploads.sha256, sha256));
  return library.get() !== undefined || queued.get() !== undefined;
}

async function isOld(options: StagingSweepOptions, path: string): Promise<boolean> {
  const stats = await lstat(path).catch(() => null);
  return stats !== null && options.now - stats.mtimeMs >= options.graceMs;
}

/** The folder's entries; none when it does not exist (nothing was ever staged). */
async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
