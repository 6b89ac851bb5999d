import type { Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { type BackoffOptions, backoffDelay } from '../../shared/backoff.js';
import { type LocalizedText, text } from '../../shared/i18n/message.js';
import { inEnglish } from '../../shared/i18n/officer-error.js';

/**
 * Windows refuses a rename, delete, copy or timestamp change with these codes while another program
 * holds the file for a moment: antivirus scanning a file just written, the search indexer, OneDrive
 * uploading it, Explorer drawing its preview. The hold ends within a second or two, so trying again
 * shortly is the cure (npm, git and VS Code do the same).
 */
export const LOCK_CODES: ReadonlySet<string> = new Set(['EBUSY', 'EPERM', 'EACCES']);

/**
 * A folder being removed can still hold a file Windows marked "delete pending" (a handle is still open
 * on it, e.g. the antivirus scanning it): `rmdir` then says ENOTEMPTY until that handle closes.
 */
export const REMOVE_LOCK_CODES: ReadonlySet<string> = new Set([...LOCK_CODES, 'ENOTEMPTY']);

/** What the app was doing to a file (the officer reads it: "Could not move …"). */
export type FileOp = 'move' | 'delete' | 'copy' | 'date' | 'save' | 'open';

/** Why a file stayed locked, in the officer's words (`code` is the system's: EBUSY, EPERM…). */
export function lockedReason(code: string): LocalizedText {
  return text('errors:file.reason.locked', { code });
}

export interface RetryOptions {
  /** Tries in all, the first included (default 8: about 3.5 s of waiting at most). */
  readonly attempts?: number;
  /** Delay growth between tries (default 50 ms doubling to 1 s, with jitter). */
  readonly backoff?: BackoffOptions;
  /** Which error codes are worth another try (default `LOCK_CODES`). */
  readonly codes?: ReadonlySet<string>;
  /** Waits between tries (tests pass an instant one). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 50, maxMs: 1_000 };
const DEFAULT_ATTEMPTS = 8;

/**
 * A file operation that kept failing because another program held the file. It keeps the system's
 * `code` (so callers that map codes still can), names the file and the operation; `text` says why in
 * the officer's words (a catalog message), `message` the same in English for the log.
 */
export class FileLockedError extends Error {
  readonly code: string;
  readonly text: LocalizedText;
  constructor(
    readonly op: FileOp,
    readonly path: string,
    readonly attempts: number,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    const code = cause.code ?? 'EBUSY';
    const said = text('errors:file.locked', { op, path, why: { text: lockedReason(code) } });
    super(inEnglish(said));
    this.name = 'FileLockedError';
    this.code = code;
    this.text = said;
  }
}

/** Whether `error` is a file-system error with one of `codes`. */
export function hasCode(error: unknown, codes: ReadonlySet<string>): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && codes.has(code);
}

/**
 * Runs `run` (an operation named `op` on `path`), trying again with a short backoff while it fails with
 * a lock code; any other failure is thrown at once, unchanged. When the tries run out, throws a
 * `FileLockedError` naming the file and why.
 *
 * Not graceful-fs: its Windows rename retry is switched on only when the process itself runs on
 * Windows (so no test here can reach it), waits up to 60 s (a click the officer waits on would look
 * hung), covers rename alone (not unlink, rm, copy or utimes) and patches the global `fs`.
 */
export async function retryFs<T>(
  op: FileOp,
  path: string,
  run: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
  const codes = options.codes ?? LOCK_CODES;
  const sleep = options.sleep ?? wait;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!hasCode(error, codes)) throw error;
      if (attempt >= attempts) throw new FileLockedError(op, path, attempts, error as NodeJS.ErrnoException);
      await sleep(backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF, options.random ?? Math.random));
    }
  }
}

/** The file operations the app retries; `node:fs/promises` in production, a faulty one in tests. */
export interface FileOps {
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  copyFile(from: string, to: string, mode?: number): Promise<void>;
  utimes(path: string, atime: Date, mtime: Date): Promise<void>;
  /** Removes an empty folder (fails with ENOTEMPTY on one that still holds something). */
  rmdir(path: string): Promise<void>;
  stat(path: string): Promise<Stats>;
  /**
   * Writes a whole file atomically: a temporary file, flushed to disk, then renamed over the old;
   * `mode` sets its permissions (0o600: the owner's alone).
   */
  writeFileAtomic(path: string, data: string | Buffer, options?: { mode?: number }): Promise<void>;
}

/**
 * The real file system. Settings-type files go through write-file-atomic (npm's own): a temporary
 * file of a unique name, fsync'ed before the rename, so a laptop that loses power right after a
 * write finds the old file or the new one, never an empty one; the temporary file is removed if the
 * write fails.
 */
export const nodeFileOps: FileOps = {
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  rm: (path, options) => fsp.rm(path, options),
  copyFile: (from, to, mode) => fsp.copyFile(from, to, mode),
  utimes: (path, atime, mtime) => fsp.utimes(path, atime, mtime),
  rmdir: (path) => fsp.rmdir(path),
  stat: (path) => fsp.stat(path),
  writeFileAtomic: (path, data, options) => writeFileAtomic(path, data, options ?? {}),
};

/**
 * File operations that ride out a lock another program holds for a moment (see `retryFs`). Removing a
 * folder with its contents (`rm`) also retries ENOTEMPTY (a delete-pending file inside). `stat` is
 * passed through untouched.
 */
export function retryingFileOps(ops: FileOps = nodeFileOps, options: RetryOptions = {}): FileOps {
  const removing = { ...options, codes: options.codes ?? REMOVE_LOCK_CODES };
  return {
    rename: (from, to) => retryFs('move', from, () => ops.rename(from, to), options),
    unlink: (path) => retryFs('delete', path, () => ops.unlink(path), options),
    rm: (path, rmOptions) => retryFs('delete', path, () => ops.rm(path, rmOptions), removing),
    copyFile: (from, to, mode) => retryFs('copy', from, () => ops.copyFile(from, to, mode), options),
    utimes: (path, atime, mtime) => retryFs('date', path, () => ops.utimes(path, atime, mtime), options),
    // ENOTEMPTY is an answer here (the folder still holds files), not a lock to wait out.
    rmdir: (path) => retryFs('delete', path, () => ops.rmdir(path), options),
    stat: (path) => ops.stat(path),
    writeFileAtomic: (path, data, writeOptions) =>
      retryFs('save', path, () => ops.writeFileAtomic(path, data, writeOptions), options),
  };
}

/** The app's file operations: the real file system, retried through locks. */
export const retryingFs: FileOps = retryingFileOps();

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
