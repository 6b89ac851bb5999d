import type { AppError } from '../../shared/errors.js';
import { FileLockedError, hasCode, LOCK_CODES, LOCKED_FILE_TEXT } from './retry-fs.js';

/** Why a file operation failed, in an officer's words, by the system's code (one place, for translation). */
export const FILE_FAILURE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'the folder or file is gone (was the drive removed?)',
  ENOSPC: 'the drive is full',
  EDQUOT: 'the drive is full',
  EROFS: 'the drive is read-only',
  ENOTDIR: 'a folder cannot be made there',
  EIO: 'the drive could not be read or written',
  UNKNOWN: 'the drive did not answer (was it removed?)',
};

/**
 * Why `error` happened, for a sentence such as "Your settings could not be saved: <why>": a lock that
 * outlasted the retries, a known system code, else the system's own message.
 */
export function whyFileFailed(error: unknown): string {
  if (error instanceof FileLockedError) return LOCKED_FILE_TEXT.reason(error.code);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FILE_FAILURE_REASONS[code]) return FILE_FAILURE_REASONS[code];
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `AppError` of a file `what` names ("The library copy of this photo") that could not be read:
 * `FILE_BUSY` while another program holds it (Windows' EBUSY/EPERM/EACCES; transient, so it is tried
 * again), else `FILE` with the reason.
 */
export function fileReadError(error: unknown, what: string): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof FileLockedError || hasCode(error, LOCK_CODES)) {
    return { code: 'FILE_BUSY', message: `${what} is in use by another program; it will be tried again.`, detail };
  }
  return { code: 'FILE', message: `${what} could not be read: ${whyFileFailed(error)}.`, detail };
}
