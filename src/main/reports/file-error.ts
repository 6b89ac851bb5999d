import { dirname } from 'node:path';
import type { AppError } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import { FileLockedError } from '../fs/retry-fs.js';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EBUSY']);

/**
 * A file system failure of a report or export as the officer reads it (`FILE`, one sentence naming the
 * target, in the catalogs), or `undefined` when it is not one (a bug, which the caller rethrows).
 */
export function fileError(error: unknown, target: string): AppError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return undefined;
  const detail = `${code}: ${(error as Error).message}`;
  // Still held after the retries: most often the officer has the earlier copy open in Excel.
  if (error instanceof FileLockedError)
    return officerError('FILE', text('reports:file.inUse', { file: target }), { detail });
  if (FULL.has(code)) return officerError('FILE', text('reports:file.diskFull', { file: target }), { detail });
  if (UNWRITABLE.has(code)) {
    return officerError('FILE', text('reports:file.cannotWrite', { file: target, folder: dirname(target) }), {
      detail,
    });
  }
  return officerError('FILE', text('reports:file.notWritten', { file: target, code }), { detail });
}
