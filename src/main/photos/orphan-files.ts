import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import type { FileOps } from '../fs/retry-fs.js';

/** When a sweep runs and how old a file must be to go. */
export interface SweepClock {
  /** The current time (ms since the epoch). */
  readonly now: number;
  readonly graceMs: number;
}

/** A sweep's clock and the file operations it removes with (the app's are retried through locks). */
export interface SweepContext extends SweepClock {
  readonly fs: FileOps;
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

/** The file's stats when it last changed at least the grace period ago; `null` if newer or gone. */
async function statIfOld(clock: SweepClock, path: string): Promise<Stats | null> {
  const stats = await lstat(path).catch(() => null);
  return stats !== null && clock.now - stats.mtimeMs >= clock.graceMs ? stats : null;
}

/** Whether `path` last changed at least the grace period ago (a path that is gone is not). */
export async function isOld(clock: SweepClock, path: string): Promise<boolean> {
  return (await statIfOld(clock, path)) !== null;
}

/**
 * Removes a file the caller found unreferenced, unless it changed within the grace period; records the
 * removal (or the failure: a lock that outlasted the retries) in `report` under `relative`.
 */
export async function removeIfOld(sweep: SweepContext, path: string, relative: string, report: SweepReport) {
  const stats = await statIfOld(sweep, path);
  if (!stats) return;
  try {
    await sweep.fs.rm(path, { force: true });
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
