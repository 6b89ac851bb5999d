import { mkdir, readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { whyFileFailed } from '../../fs/file-failure.js';
import type { DataLocation } from './data-location.js';

/** What the officer reads about a data folder that cannot be used (one place, for translation). */
export const MISSING_FOLDER_TEXT = {
  notFound: (folder: string) =>
    `Your data folder ${folder} cannot be found. Is the USB drive that holds it plugged in, or was the folder moved (OneDrive can move Documents)?`,
  notAFolder: (folder: string) => `${folder} is a file, not your data folder.`,
  empty: (folder: string) =>
    `${folder} is empty: your data is not in it. Is the right drive plugged in? (Another drive may now have its letter.)`,
  notOurs: (folder: string) =>
    `${folder} holds other files, not Fieldsync's data. Is the right drive plugged in? (Another drive may now have its letter.)`,
  unreadable: (folder: string, why: string) => `Your data folder ${folder} cannot be read: ${why}.`,
  noRecord: 'Fieldsync does not know where your data is kept.',
} as const;

/** What a Fieldsync data folder always holds: its settings, or its account databases. */
const MARKS = ['settings.json', 'accounts'];

/**
 * Why `folder` cannot be used as the data folder, or `null` when it can: it must exist, be a folder
 * and hold Fieldsync's data (its settings or account databases). Nothing is created: an empty folder
 * or another drive's files mean the data is elsewhere, and opening there would hide it.
 */
export async function whyNotDataFolder(folder: string): Promise<string | null> {
  try {
    if (!(await stat(folder)).isDirectory()) return MISSING_FOLDER_TEXT.notAFolder(folder);
    const names = await readdir(folder);
    if (names.some((name) => MARKS.includes(name.toLowerCase()))) return null;
    return names.length === 0 ? MISSING_FOLDER_TEXT.empty(folder) : MISSING_FOLDER_TEXT.notOurs(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A drive letter with no drive behind it answers ENOENT; a pulled drive that Windows still lists can
    // answer UNKNOWN or EIO.
    if (code === 'ENOENT' || code === 'ENOTDIR') return MISSING_FOLDER_TEXT.notFound(folder);
    return MISSING_FOLDER_TEXT.unreadable(folder, whyFileFailed(e));
  }
}

/** The data folder to open, or why it cannot be. */
export type OpenedFolder =
  | { readonly ok: true; readonly folder: string }
  | { readonly ok: false; readonly folder: string | null; readonly reason: string };

/**
 * Settles where the data is at start (and when the officer looks again): the app's own default folder
 * is created when missing; any other must already hold the data (`whyNotDataFolder`); an unreadable
 * record of the location is reported as it is.
 */
export async function openDataLocation(location: DataLocation): Promise<OpenedFolder> {
  const { folder, defaultFolder, problem } = location;
  if (problem) return { ok: false, folder, reason: problem };
  if (folder === null) return { ok: false, folder, reason: MISSING_FOLDER_TEXT.noRecord };
  if (resolve(folder) === resolve(defaultFolder)) {
    try {
      await mkdir(folder, { recursive: true });
      return { ok: true, folder };
    } catch (e) {
      return { ok: false, folder, reason: MISSING_FOLDER_TEXT.unreadable(folder, whyFileFailed(e)) };
    }
  }
  const why = await whyNotDataFolder(folder);
  return why ? { ok: false, folder, reason: why } : { ok: true, folder };
}
