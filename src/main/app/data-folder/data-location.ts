import type { LocalizedText } from '../../../shared/i18n/message.js';

/**
 * Where the shell says the data is kept. The default folder is the app's own (created when missing);
 * any other folder is one the officer chose, and must already hold the data when the app starts: a
 * missing one is reported, never recreated empty (a USB drive not inserted, another drive now using
 * its letter, OneDrive having moved Documents).
 */
export interface DataLocation {
  /** The folder recorded, or the default one when none was chosen; `null` when the record names none. */
  readonly folder: string | null;
  /** The app's own data folder (`<local app data>\Fieldsync\data`). */
  readonly defaultFolder: string;
  /** The record of the location exists but could not be read: why, for the officer to see. */
  readonly problem: LocalizedText | null;
}

/** The shell's record of the data folder (main reads `data-location.json`; headless runs keep it in memory). */
export interface DataLocationRecord {
  read(): DataLocation;
  /** Records where the data lives from now on; throws if it cannot be written. */
  write(folder: string): Promise<void>;
}
