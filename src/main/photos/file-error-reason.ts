import { type LocalizedText, text } from '../../shared/i18n/message.js';
import { sentence } from '../../shared/i18n/officer-error.js';
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

type What = 'file' | 'folder' | 'link';

/** The words an officer reads about files that could not be read (catalog messages). */
export const FILE_ERROR_TEXT = {
  linkMissing: text('photo-import:skip.linkMissing'),
  disappeared: (what: What) => text('photo-import:skip.disappeared', { what }),
  denied: (what: What) => text('photo-import:skip.denied', { what }),
  loop: text('photo-import:skip.loop'),
  readError: (what: What) => text('photo-import:skip.readError', { what }),
  busy: (what: What) => text('photo-import:skip.busy', { what }),
  other: (what: What, detail: string) => text('photo-import:skip.other', { what, detail }),
  cardRemoved: (kept: number) => text('photo-import:skip.cardRemoved', { kept }),
} as const satisfies Record<string, LocalizedText | ((...args: never[]) => LocalizedText)>;

/** Turns a file-system error into a report reason and a sentence an officer can read. */
export function fileErrorReason(
  error: unknown,
  what: What,
): { reason: SkipReason; message: string; text: LocalizedText } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return {
        reason: 'removed',
        ...sentence(what === 'link' ? FILE_ERROR_TEXT.linkMissing : FILE_ERROR_TEXT.disappeared(what)),
      };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'unreadable', ...sentence(FILE_ERROR_TEXT.denied(what)) };
    case 'ELOOP':
      return { reason: 'symlink-loop', ...sentence(FILE_ERROR_TEXT.loop) };
    case 'EIO':
    case 'UNKNOWN':
    case 'ETIMEDOUT':
      return { reason: 'unreadable', ...sentence(FILE_ERROR_TEXT.readError(what)) };
    case 'EBUSY':
      return { reason: 'locked', ...sentence(FILE_ERROR_TEXT.busy(what)) };
    default:
      return {
        reason: 'unreadable',
        ...sentence(FILE_ERROR_TEXT.other(what, (error as Error)?.message ?? String(error))),
      };
  }
}
