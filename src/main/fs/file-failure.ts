import { type AppError, AppErrorException } from '../../shared/errors.js';
import { type LocalizedText, type MessageKey, type MessageValue, text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import { FileLockedError, hasCode, LOCK_CODES, lockedReason } from './retry-fs.js';

/** Why a file operation failed, in an officer's words, by the system's code (catalog messages). */
const FILE_FAILURE_REASONS: Readonly<Record<string, MessageKey>> = {
  ENOENT: 'errors:file.reason.gone',
  ENOSPC: 'errors:file.reason.full',
  EDQUOT: 'errors:file.reason.full',
  EROFS: 'errors:file.reason.readOnly',
  ENOTDIR: 'errors:file.reason.notAFolder',
  EIO: 'errors:file.reason.io',
  UNKNOWN: 'errors:file.reason.noAnswer',
};

/**
 * Why `error` happened, for a sentence such as "Your settings could not be saved: <why>": the officer's
 * words an `AppErrorException` already carries, a lock that outlasted the retries, a known system code,
 * else the system's own message.
 */
export function whyFileFailed(error: unknown): LocalizedText {
  if (error instanceof AppErrorException && error.error.text) return error.error.text;
  if (error instanceof FileLockedError) return lockedReason(error.code);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code ? FILE_FAILURE_REASONS[code] : undefined;
  if (known) return text(known);
  return text('errors:file.reason.system', { message: error instanceof Error ? error.message : String(error) });
}

/** The file `error` names and why it failed ("<path>: <why>"), or just why when it names none. */
export function whyOnFile(error: unknown): LocalizedText {
  if (error instanceof FileLockedError) return error.text;
  const path = (error as NodeJS.ErrnoException | undefined)?.path;
  const why = whyFileFailed(error);
  return path ? text('errors:file.onFile', { path, why: { text: why } }) : why;
}

/**
 * The `AppError` of a file `what` names (a path, or words such as "The library copy of this photo")
 * that could not be read: `FILE_BUSY` while another program holds it (Windows' EBUSY/EPERM/EACCES;
 * transient, so it is tried again), else `FILE` with the reason.
 */
export function fileReadError(error: unknown, what: MessageValue): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof FileLockedError || hasCode(error, LOCK_CODES)) {
    return officerError('FILE_BUSY', text('errors:file.busy', { what }), { detail });
  }
  return officerError('FILE', text('errors:file.unreadable', { what, why: { text: whyFileFailed(error) } }), {
    detail,
  });
}
