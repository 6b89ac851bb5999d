import type { SkipReason } from './import-report.js';

/** Turns a file-system error into a report reason and a sentence an officer can read. */
export function fileErrorReason(
  error: unknown,
  what: 'file' | 'folder' | 'link',
): { reason: SkipReason; message: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return {
        reason: 'removed',
        message:
          what === 'link'
            ? 'Link points to a file that does not exist'
            : `The ${what} disappeared while it was read (card removed?)`,
      };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'unreadable', message: `Permission denied reading the ${what}` };
    case 'ELOOP':
      return { reason: 'symlink-loop', message: 'Link loops back on itself' };
    case 'EIO':
      return { reason: 'unreadable', message: `Read error on the ${what} (damaged card or card removed)` };
    default:
      return {
        reason: 'unreadable',
        message: `Could not read the ${what}: ${(error as Error)?.message ?? String(error)}`,
      };
  }
}
