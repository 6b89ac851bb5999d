import { existsSync, lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes the top-level `entries` a copy wrote or read, and with `andFolder` the folder too once
 * empty (the old data folder; never a folder the officer chose). What cannot be removed (a file
 * another program holds open, a read-only file) stays; everything else still goes, and the first
 * failure is thrown at the end.
 */
export function removeEntries(folder: string, entries: readonly string[], andFolder = false): void {
  let failure: unknown;
  for (const entry of entries) {
    const failed = removeAll(join(folder, entry));
    failure ??= failed;
  }
  if (failure !== undefined) throw failure;
  if (andFolder && existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
}

/**
 * Removes `path` and everything in it, depth first, going on past what fails (`rmSync` stops at the
 * first file it cannot remove, and reports a locked file as `ENOTDIR`). Returns the first failure.
 */
function removeAll(path: string): unknown {
  try {
    if (!lstatSync(path).isDirectory()) {
      unlinkSync(path);
      return undefined;
    }
    let failure: unknown;
    for (const name of readdirSync(path)) {
      const failed = removeAll(join(path, name));
      failure ??= failed;
    }
    if (failure === undefined) rmdirSync(path);
    return failure;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : e;
  }
}
