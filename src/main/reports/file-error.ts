import { dirname } from 'node:path';
import type { AppError } from '../../shared/errors.js';
import { FileLockedError } from '../fs/retry-fs.js';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EBUSY']);

/**
 * A file system failure of a report or export as the officer reads it (`FILE`, one sentence naming the
 * target), or `undefined` when it is not one (a bug, which the caller rethrows).
 */
export function fileError(error: unknown, target: string): AppError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return undefined;
  const detail = `${code}: ${(error as Error).message}`;
  // Still held after the retries: most often the officer has the earlier copy open in Excel.
  if (error instanceof FileLockedError) {
    return { code: 'FILE', message: `${target} is open in another program (Excel?): close it and try again.`, detail };
  }
  if (FULL.has(code)) return { code: 'FILE', message: `The disk is full: ${target} was not written.`, detail };
  if (UNWRITABLE.has(code))
    return { code: 'FILE', message: `Cannot write in ${dirname(target)}: ${target} was not written.`, detail };
  return { code: 'FILE', message: `${target} was not written (${code}).`, detail };
}
