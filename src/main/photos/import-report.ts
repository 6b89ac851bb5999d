import type { LocalizedText } from '../../shared/i18n/message.js';
/**
 * The import report: what happened to every file the importer saw. Nothing is left out: each file
 * is imported, a duplicate, or skipped with a reason an officer can read.
 */

/** Why a file was not imported. */
export const SKIP_REASONS = [
  /** Not a JPEG, PNG or HEIC by content. */
  'not-an-image',
  /** 0 bytes. */
  'empty',
  /** Over the size cap. */
  'too-large',
  /** The image data is truncated or cannot be decoded. */
  'corrupt',
  /** Permission denied or a read error. */
  'unreadable',
  /** The file or the card disappeared while it was read (card pulled out). */
  'removed',
  /** Another program (an antivirus, Explorer, OneDrive) held the file until Fieldsync gave up. */
  'locked',
  /** Outside the camera's DCIM folder on a card that has one: not scanned. */
  'outside-dcim',
  /** A folder link that points back into a folder being scanned. */
  'symlink-loop',
  /** A link (to a file or a folder) that leads out of the chosen folder: not followed. */
  'outside-link',
  /** A name that is not valid text on this PC (an invalid UTF-8 byte): the file cannot be opened by it. */
  'bad-name',
  /** Neither a regular file nor a folder (device, socket), or a folder nested too deep. */
  'not-a-file',
  /** No visit was suggested or chosen for it (the import screen lets the officer choose one). */
  'no-visit',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedFile {
  /** Path relative to the import root. */
  readonly path: string;
  readonly reason: SkipReason;
  /** Why, in English (the log, the CLI's JSON). */
  readonly message: string;
  /** Why, as the catalog message the page says in the officer's language. */
  readonly text?: LocalizedText;
}

export interface DuplicateFile {
  readonly path: string;
  readonly sha256: string;
  /** `library`: imported before on this device; `this-import`: same bytes earlier in this scan. */
  readonly of: 'library' | 'this-import';
}

/** The JSON report of `npm run photos -- import` and the import screen. */
export interface ImportReport {
  readonly root: string;
  readonly filesSeen: number;
  readonly imported: number;
  /** Photos imported without a visit: in the photo inbox, waiting for the officer to give them one. */
  readonly inbox: number;
  readonly duplicates: readonly DuplicateFile[];
  readonly skipped: readonly SkippedFile[];
  /** Photos imported without a thumbnail, and why (e.g. HEIC the image library cannot decode). */
  readonly warnings: readonly { readonly path: string; readonly message: string; readonly text?: LocalizedText }[];
  readonly bytesImported: number;
  /**
   * Every new photo of the scan: the visit it went to (`null`: the inbox, or not imported), how sure the suggestion
   * was (`chosen`: the officer picked another visit) and how far its GPS position is from the school.
   */
  readonly photos: readonly {
    readonly path: string;
    readonly schoolVisitId: string | null;
    readonly confidence: 'high' | 'medium' | 'low' | 'none' | 'chosen';
    readonly distanceMetres: number | null;
  }[];
  readonly bytesUploaded: number;
  readonly uploadsFailed: number;
  /** Photos not imported yet because another program held them: still staged, the scan stays open. */
  readonly waiting: number;
  readonly ms: number;
}
