import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type FileOps, retryingFs } from '../../fs/retry-fs.js';

/**
 * Removes the top-level `entries` a copy wrote or read, and with `andFolder` the folder too once
 * empty (the old data folder; never a folder the officer chose). Every delete rides out a lock
 * another program holds for a moment (antivirus, indexer, OneDrive: `retryingFs`); what still cannot
 * be removed (a file held open, a read-only file) stays, everything else still goes, and the first
 * failure is thrown at the end (a `FileLockedError` names the file and why). Asynchronous, so the
 * window stays responsive while thousands of photos go.
 */
export async function removeEntries(
  folder: string,
  entries: readonly string[],
  andFolder = false,
  fs: FileOps = retryingFs,
): Promise<void> {
  let failure: unknown;
  for (const entry of entries) {
    const failed = await removeAll(join(folder, entry), fs);
    failure ??= failed;
  }
  if (failure !== undefined) throw failure;
  if (andFolder && (await readdir(folder).catch(() => ['?'])).length === 0) await fs.rm(folder, { recursive: true });
}

/**
 * Removes `path` and everything in it, depth first, going on past what fails (`rm -r` stops at the
 * first file it cannot remove, and reports a locked file as `ENOTDIR`). Returns the first failure.
 */
async function removeAll(path: string, fs: FileOps): Promise<unknown> {
  try {
    if (!(await lstat(path)).isDirectory()) {
      await fs.unlink(path);
      return undefined;
    }
    let failure: unknown;
    for (const name of await readdir(path)) {
      const failed = await removeAll(join(path, name), fs);
      failure ??= failed;
    }
    if (failure === undefined) await fs.rm(path, { recursive: true });
    return failure;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : e;
  }
}
