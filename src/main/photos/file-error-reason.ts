import type { SkipReason } from './import-report.js';

/**
 * Codes a read from a card can fail with when the card is pulled out. On Windows libuv leaves the
 * device errors (ERROR_DEVICE_NOT_CONNECTED, ERROR_NOT_READY, ERROR_FILE_INVALID) unmapped, so a pulled
 * card usually says UNKNOWN, sometimes EIO, EBUSY or ETIMEDOUT; elsewhere ENOENT, ENODEV or ENXIO. Any of
 * them makes the scan look at the card's root: if that is gone too, the card was removed.
 */
export const CARD_GONE_CODES: ReadonlySet<string> = new Set([
  'UNKNOWN',
  'EIO',
  'ENOENT',
  'ENODEV',
  'ENXIO',
  'EBUSY',
  'ETIMEDOUT',
]);

/** The words an officer reads about files that could not be read (one place, for translation). */
export const FILE_ERROR_TEXT = {
  linkMissing: 'Link points to a file that does not exist',
  disappeared: (what: string) => `The ${what} disappeared while it was read (card removed?)`,
  denied: (what: string) => `Permission denied reading the ${what}`,
  loop: 'Link loops back on itself',
  readError: (what: string) => `Read error on the ${what} (damaged card or card removed)`,
  busy: (what: string) => `The ${what} was in use by another program (an antivirus or Explorer) and could not be read`,
  other: (what: string, detail: string) => `Could not read the ${what}: ${detail}`,
  cardRemoved: (kept: number) =>
    `The card was removed while it was read: the ${kept} new photo(s) read before are kept, the rest of the card was not read. Put the card back and scan it again; photos already imported are recognised.`,
} as const;

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
        message: what === 'link' ? FILE_ERROR_TEXT.linkMissing : FILE_ERROR_TEXT.disappeared(what),
      };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'unreadable', message: FILE_ERROR_TEXT.denied(what) };
    case 'ELOOP':
      return { reason: 'symlink-loop', message: FILE_ERROR_TEXT.loop };
    case 'EIO':
    case 'UNKNOWN':
    case 'ETIMEDOUT':
      return { reason: 'unreadable', message: FILE_ERROR_TEXT.readError(what) };
    case 'EBUSY':
      return { reason: 'locked', message: FILE_ERROR_TEXT.busy(what) };
    default:
      return {
        reason: 'unreadable',
        message: FILE_ERROR_TEXT.other(what, (error as Error)?.message ?? String(error)),
      };
  }
}
