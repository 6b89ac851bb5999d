import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileErrorReason } from './file-error-reason.js';
import type { SkippedFile } from './import-report.js';

/** A regular file found under the import root. */
export interface FoundFile {
  readonly kind: 'file';
  readonly path: string;
  /** Relative to the root, with `/` separators (stable in reports on every OS). */
  readonly relativePath: string;
}

export type ScanEntry = FoundFile | ({ readonly kind: 'skipped' } & SkippedFile);

/** Deeper than any camera layout (DCIM/100CANON/…); stops pathological trees. */
const MAX_DEPTH = 32;

/**
 * Walks a folder recursively (DCIM layouts and anything else), depth first in name order, following
 * folder links but never into a folder it is already inside (a symlink loop) or has already walked.
 * Unreadable folders and odd entries are reported, never thrown: the walk always finishes.
 */
export async function* scanFolder(root: string, signal?: AbortSignal): AsyncGenerator<ScanEntry> {
  const rootReal = await realpath(root);
  const walked = new Set<string>([rootReal]);
  yield* walk(root, root, [rootReal], walked, signal);
}

async function* walk(
  root: string,
  dir: string,
  ancestors: string[],
  walked: Set<string>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ScanEntry> {
  const rel = (p: string) => relative(root, p).split('\\').join('/') || '.';
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const { reason, message } = fileErrorReason(error, 'folder');
    yield { kind: 'skipped', path: rel(dir), reason, message };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    signal?.throwIfAborted();
    const path = join(dir, entry.name);
    const kind = await entryKind(entry, path);
    if (kind.kind === 'error') {
      yield { kind: 'skipped', path: rel(path), reason: kind.reason, message: kind.message };
    } else if (kind.kind === 'file') {
      yield { kind: 'file', path, relativePath: rel(path) };
    } else if (kind.kind === 'dir') {
      const real = await realpath(path).catch(() => path);
      if (ancestors.includes(real)) {
        yield {
          kind: 'skipped',
          path: rel(path),
          reason: 'symlink-loop',
          message: 'Folder link points back into a folder above it; not followed',
        };
      } else if (walked.has(real)) {
        yield {
          kind: 'skipped',
          path: rel(path),
          reason: 'symlink-loop',
          message: 'Folder link to a folder already scanned; not scanned twice',
        };
      } else if (ancestors.length > MAX_DEPTH) {
        yield {
          kind: 'skipped',
          path: rel(path),
          reason: 'not-a-file',
          message: `Folder nested deeper than ${MAX_DEPTH} levels; not scanned`,
        };
      } else {
        walked.add(real);
        yield* walk(root, path, [...ancestors, real], walked, signal);
      }
    } else {
      yield { kind: 'skipped', path: rel(path), reason: 'not-a-file', message: 'Not a regular file or folder' };
    }
  }
}

type EntryKind = { kind: 'file' | 'dir' | 'other' } | { kind: 'error'; reason: SkippedFile['reason']; message: string };

async function entryKind(entry: Dirent, path: string): Promise<EntryKind> {
  if (entry.isFile()) return { kind: 'file' };
  if (entry.isDirectory()) return { kind: 'dir' };
  if (!entry.isSymbolicLink()) return { kind: 'other' };
  try {
    const target = await stat(path);
    return { kind: target.isFile() ? 'file' : target.isDirectory() ? 'dir' : 'other' };
  } catch (error) {
    // A link whose target is missing, or a loop of links to links (ELOOP).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'error', reason: 'symlink-loop', message: 'Link loops back on itself' };
    return { kind: 'error', ...fileErrorReason(error, 'link') };
  }
}
