import { constants, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type AppError, err, ok, type Result } from '../../../shared/errors.js';
import { type LocalizedText, type MessageKey, text } from '../../../shared/i18n/message.js';
import { officerError } from '../../../shared/i18n/officer-error.js';
import { FileLockedError, type FileOps, retryingFs } from '../../fs/retry-fs.js';
import { adoptMovedStore, backUpDatabase, verifyDatabaseCopy } from '../../store/index.js';
import { type FolderItem, listFolderItems, UncopyableItemError } from './folder-items.js';

/** What a copy wrote: the top-level names it copied (the old folder loses exactly these later). */
export interface CopyReport {
  readonly entries: readonly string[];
  readonly databases: number;
  readonly files: number;
  readonly bytes: number;
}

/** How far a copy is: bytes and files (databases included) copied of the totals, then the check. */
export interface CopyProgress {
  readonly phase: 'copying' | 'verifying';
  readonly bytesCopied: number;
  readonly bytesTotal: number;
  readonly filesCopied: number;
  readonly filesTotal: number;
}

export type CopyProgressListener = (progress: CopyProgress) => void;

/**
 * Whether `to` can take the data of `from`: an absolute path, neither the data folder nor inside it
 * (nor around it), and an empty or new folder, so nothing of the officer's is overwritten or mixed in.
 */
export function checkTarget(from: string, to: string): Result<void> {
  const source = resolve(from);
  const target = resolve(to);
  const refuse = (key: MessageKey): Result<never> => err(officerError('BAD_REQUEST', text(key), { detail: target }));
  if (!isAbsolute(to)) return refuse('settings:dataFolder.target.fullPath');
  if (target === source) return refuse('settings:dataFolder.target.same');
  if (inside(target, source) || inside(source, target)) return refuse('settings:dataFolder.target.outside');
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) return refuse('settings:dataFolder.target.notAFolder');
    if (readdirSync(target).length > 0) return refuse('settings:dataFolder.target.notEmpty');
  }
  return ok(undefined);
}

/**
 * Copies everything in the data folder `from` into `to` (databases with SQLite's backup API, other
 * files byte for byte) and verifies the copy: each database passes `integrity_check` with the same
 * row counts, each file has the same size. On any failure whatever was written to `to` is removed
 * and the error says why; `from` is only ever read. `onProgress` hears every file copied and every
 * backup step of a database, unthrottled: the caller decides what to pass on.
 */
export async function copyDataFolder(
  from: string,
  to: string,
  onProgress: CopyProgressListener = () => undefined,
  fs: FileOps = retryingFs,
): Promise<Result<CopyReport>> {
  const checked = checkTarget(from, to);
  if (!checked.ok) return checked;
  let created: string | undefined;
  const entries: string[] = [];
  try {
    created = await mkdir(to, { recursive: true });
    const items = await listFolderItems(from);
    const bytes = await copyItems(from, to, items, entries, onProgress, fs);
    for (const item of items) {
      const problem = await verify(item, join(from, item.path), join(to, item.path));
      if (problem) throw new CopyCheckError(item.path, problem);
    }
    // A move, not a copy: each store keeps its client id at its new place.
    for (const item of items) if (item.kind === 'database') adoptMovedStore(join(to, item.path));
    const databases = items.filter((i) => i.kind === 'database').length;
    return ok({ entries, databases, files: items.filter((i) => i.kind === 'file').length, bytes });
  } catch (e) {
    await removeWritten(to, created, entries, fs);
    return err(copyFailed(from, to, e));
  }
}

/**
 * Copies the listed items in order, noting each top-level name in `entries` before writing it (so a
 * failure can clean up). Files go through `copyFile` on libuv's pool one at a time, which leaves the
 * event loop free between them: progress reaches the page, and other requests get their answer,
 * while a large folder copies. A photo the antivirus holds for a moment is copied once it lets go
 * (`retryingFs`). Returns the bytes written.
 */
async function copyItems(
  from: string,
  to: string,
  items: readonly FolderItem[],
  entries: string[],
  onProgress: CopyProgressListener,
  fs: FileOps,
): Promise<number> {
  const bytesTotal = items.reduce((sum, item) => sum + item.size, 0);
  const filesTotal = items.filter((item) => item.kind !== 'folder').length;
  let [bytesCopied, filesCopied, written] = [0, 0, 0];
  const report = (phase: CopyProgress['phase'], bytes: number) =>
    onProgress({ phase, bytesCopied: bytes, bytesTotal, filesCopied, filesTotal });
  report('copying', 0);
  for (const item of items) {
    const [source, target] = [join(from, item.path), join(to, item.path)];
    if (item.top) entries.push(item.path);
    if (item.kind === 'folder') {
      await mkdir(target);
      continue;
    }
    // A database counts at its listed size (the store is closed, its WAL checkpointed); the backup's
    // share of pages moves it along.
    if (item.kind === 'database') {
      await backUpDatabase(source, target, (done) => report('copying', bytesCopied + Math.floor(item.size * done)));
    } else await fs.copyFile(source, target, constants.COPYFILE_EXCL);
    written += (await stat(target)).size;
    bytesCopied += item.size;
    filesCopied++;
    report('copying', bytesCopied);
  }
  report('verifying', bytesCopied);
  return written;
}

async function verify(item: FolderItem, source: string, target: string): Promise<string | null> {
  if (item.kind === 'folder') return (await stat(target)).isDirectory() ? null : 'folder missing';
  if (item.kind === 'database') return verifyDatabaseCopy(source, target);
  const [want, got] = [(await stat(source)).size, (await stat(target)).size];
  return want === got ? null : `${got} bytes copied of ${want}`;
}

async function removeWritten(
  to: string,
  created: string | undefined,
  entries: readonly string[],
  fs: FileOps,
): Promise<void> {
  try {
    if (created) await fs.rm(created, { recursive: true, force: true });
    else for (const entry of entries) await fs.rm(join(to, entry), { recursive: true, force: true });
  } catch {
    // Leftovers in the new folder are harmless: the data stays in use where it was.
  }
}

/** Why a copy failed, in an officer's words where the system's code says it. */
const REASONS: Readonly<Record<string, MessageKey>> = {
  EACCES: 'settings:dataFolder.copy.cannotWrite',
  EPERM: 'settings:dataFolder.copy.cannotWrite',
  EROFS: 'settings:dataFolder.copy.readOnly',
  ENOSPC: 'settings:dataFolder.copy.full',
  EDQUOT: 'settings:dataFolder.copy.full',
  ENOTDIR: 'settings:dataFolder.copy.notAFolder',
  ENOENT: 'settings:dataFolder.copy.gone',
  EIO: 'settings:dataFolder.copy.io',
};

function copyFailed(from: string, to: string, e: unknown): AppError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const detail = e instanceof Error ? e.message : String(e);
  return officerError(
    'FILE',
    text('settings:dataFolder.copy.failed', { to, from, why: { text: whyCopyFailed(e, code) } }),
    {
      detail,
    },
  );
}

function whyCopyFailed(e: unknown, code: string | undefined): LocalizedText {
  // A file another program kept holding past the retries: the error names it and says why.
  if (e instanceof FileLockedError) return e.text;
  if (e instanceof CopyCheckError) return text('settings:dataFolder.copy.notSame', { path: e.path });
  if (e instanceof UncopyableItemError) return text('settings:dataFolder.copy.uncopyable', { path: e.path });
  const known = code ? REASONS[code] : undefined;
  return text(known ?? 'settings:dataFolder.copy.other');
}

/** A copy that is not what it should be: which file, and how (for the log). */
class CopyCheckError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
