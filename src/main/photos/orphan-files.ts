import type { Dirent } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { photoLibrary, photoUploads } from './schema.js';

/** When a sweep runs and how old a file must be to go. */
export interface SweepClock {
  /** The current time (ms since the epoch). */
  readonly now: number;
  readonly graceMs: number;
}

/** What a sweep did; paths are relative to the folder swept. */
export interface SweepReport {
  removed: string[];
  bytesFreed: number;
  /** Could not be removed (e.g. held open by a virus scanner); tried again at the next sweep. */
  failed: { path: string; message: string }[];
}

/** A file named after a photo's content hash starts with it (`<sha256>`, `<sha256>.thumb.jpg`). */
export function sha256OfName(name: string): string | undefined {
  return /^[0-9a-f]{64}/.exec(name)?.[0];
}

/** Whether a photo row of this device names the blob: its library row or its upload-queue row. */
export function isReferenced(db: BetterSQLite3Database, sha256: string): boolean {
  const library = db.select({ sha256: photoLibrary.sha256 }).from(photoLibrary).where(eq(photoLibrary.sha256, sha256));
  const queued = db.select({ sha256: photoUploads.sha256 }).from(photoUploads).where(eq(photoUploads.sha256, sha256));
  return library.get() !== undefined || queued.get() !== undefined;
}

/** Whether `path` last changed at least the grace period ago (a path that is gone is not). */
export async function isOld(clock: SweepClock, path: string): Promise<boolean> {
  const stats = await lstat(path).catch(() => null);
  return stats !== null && clock.now - stats.mtimeMs >= clock.graceMs;
}

/**
 * Removes a file the caller found unreferenced, unless it changed within the grace period; records the
 * removal (or the failure) in `report` under `relative`.
 */
export async function removeIfOld(clock: SweepClock, path: string, relative: string, report: SweepReport) {
  const stats = await lstat(path).catch(() => null);
  if (!stats || clock.now - stats.mtimeMs < clock.graceMs) return;
  try {
    await rm(path, { force: true });
    report.removed.push(relative);
    report.bytesFreed += stats.size;
  } catch (error) {
    report.failed.push({ path: relative, message: (error as Error).message });
  }
}

/** The folder's entries; none when it does not exist (nothing was ever written there). */
export async function listEntries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
