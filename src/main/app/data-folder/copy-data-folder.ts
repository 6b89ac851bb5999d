import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type AppError, err, ok, type Result } from '../../../shared/errors.js';
import { backUpDatabase, isSqliteFile, JOURNAL_SUFFIXES, verifyDatabaseCopy } from './sqlite-copy.js';

/** What a copy wrote: the top-level names it copied (the old folder loses exactly these later). */
export interface CopyReport {
  readonly entries: readonly string[];
  readonly databases: number;
  readonly files: number;
  readonly bytes: number;
}

interface Item {
  /** Relative to the data folder. */
  readonly path: string;
  /** Directly in the data folder. */
  readonly top: boolean;
  readonly kind: 'folder' | 'database' | 'file';
}

/**
 * Whether `to` can take the data of `from`: an absolute path, neither the data folder nor inside it
 * (nor around it), and an empty or new folder, so nothing of the officer's is overwritten or mixed in.
 */
export function checkTarget(from: string, to: string): Result<void> {
  const source = resolve(from);
  const target = resolve(to);
  const refuse = (message: string): Result<never> => err({ code: 'BAD_REQUEST', message, detail: target });
  if (!isAbsolute(to)) return refuse('Choose a folder by its full path');
  if (target === source) return refuse('Your data is already in this folder');
  if (inside(target, source) || inside(source, target)) {
    return refuse('Choose a folder outside the current data folder (and not one that contains it)');
  }
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) return refuse('Choose a folder, not a file');
    if (readdirSync(target).length > 0) return refuse('Choose an empty folder: this one already holds files');
  }
  return ok(undefined);
}

/**
 * Copies everything in the data folder `from` into `to` (databases with SQLite's backup API, other
 * files byte for byte) and verifies the copy: each database passes `integrity_check` with the same
 * row counts, each file has the same size. On any failure whatever was written to `to` is removed
 * and the error says why; `from` is only ever read.
 */
export async function copyDataFolder(from: string, to: string): Promise<Result<CopyReport>> {
  const checked = checkTarget(from, to);
  if (!checked.ok) return checked;
  let created: string | undefined;
  const entries: string[] = [];
  try {
    created = mkdirSync(to, { recursive: true });
    const items: Item[] = [];
    let bytes = 0;
    for (const item of walkItems(from)) {
      items.push(item);
      const source = join(from, item.path);
      const target = join(to, item.path);
      if (item.top) entries.push(item.path);
      if (item.kind === 'folder') mkdirSync(target);
      else if (item.kind === 'database') await backUpDatabase(source, target);
      else copyFileSync(source, target, constants.COPYFILE_EXCL);
      if (item.kind !== 'folder') bytes += statSync(target).size;
    }
    for (const item of items) {
      const problem = verify(item, join(from, item.path), join(to, item.path));
      if (problem) throw new CopyCheckError(`${item.path}: ${problem}`);
    }
    const databases = items.filter((i) => i.kind === 'database').length;
    return ok({ entries, databases, files: items.filter((i) => i.kind === 'file').length, bytes });
  } catch (e) {
    removeWritten(to, created, entries);
    return err(copyFailed(from, to, e));
  }
}

/**
 * Removes the top-level `entries` a copy wrote or read, and with `andFolder` the folder too once
 * empty (the old data folder; never a folder the officer chose).
 */
export function removeEntries(folder: string, entries: readonly string[], andFolder = false): void {
  for (const entry of entries) rmSync(join(folder, entry), { recursive: true, force: true });
  if (andFolder && existsSync(folder) && readdirSync(folder).length === 0) rmSync(folder, { recursive: true });
}

/**
 * The data folder's contents in a fixed order (by name, each folder before what it holds), read as the
 * copy goes. A database's journal files are left out: the backup carries what they hold.
 */
function* walkItems(root: string, folder = ''): Generator<Item> {
  const dirents = readdirSync(join(root, folder), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const pathOf = (name: string) => (folder ? join(folder, name) : name);
  const databases = new Set(
    dirents.filter((d) => d.isFile() && isSqliteFile(join(root, pathOf(d.name)))).map((d) => d.name),
  );
  const isJournal = (name: string) =>
    JOURNAL_SUFFIXES.some((suffix) => name.endsWith(suffix) && databases.has(name.slice(0, -suffix.length)));
  for (const d of dirents) {
    const path = pathOf(d.name);
    const top = folder === '';
    if (d.isDirectory()) {
      yield { path, top, kind: 'folder' };
      yield* walkItems(root, path);
    } else if (!d.isFile()) {
      throw new CopyCheckError(`${path} is not a file or folder that can be copied`);
    } else if (!isJournal(d.name)) {
      yield { path, top, kind: databases.has(d.name) ? 'database' : 'file' };
    }
  }
}

function verify(item: Item, source: string, target: string): string | null {
  if (item.kind === 'folder') return statSync(target).isDirectory() ? null : 'folder missing';
  if (item.kind === 'database') return verifyDatabaseCopy(source, target);
  const [want, got] = [statSync(source).size, statSync(target).size];
  return want === got ? null : `${got} bytes copied of ${want}`;
}

function removeWritten(to: string, created: string | undefined, entries: readonly string[]): void {
  try {
    if (created) rmSync(created, { recursive: true, force: true });
    else for (const entry of entries) rmSync(join(to, entry), { recursive: true, force: true });
  } catch {
    // Leftovers in the new folder are harmless: the data stays in use where it was.
  }
}

/** Why a copy failed, in an officer's words where the system's code says it (else its message). */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'that folder cannot be written to',
  EPERM: 'that folder cannot be written to',
  EROFS: 'that drive is read-only',
  ENOSPC: 'that drive is full',
  EDQUOT: 'that drive is full',
  ENOTDIR: 'a folder cannot be made there',
  ENOENT: 'that folder is gone (was the drive removed?)',
  EIO: 'the drive could not be read or written',
};

function copyFailed(from: string, to: string, e: unknown): AppError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const detail = e instanceof Error ? e.message : String(e);
  const reason = (code && REASONS[code]) ?? (e instanceof CopyCheckError ? e.message : 'the copy failed');
  return { code: 'FILE', message: `Your data could not be copied to ${to}: ${reason}. It stays in ${from}.`, detail };
}

/** A copy that is not what it should be (the message says which file and how). */
class CopyCheckError extends Error {}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
