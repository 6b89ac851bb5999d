import { mkdir, readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type LocalizedText, text } from '../../../shared/i18n/message.js';
import { whyFileFailed } from '../../fs/file-failure.js';
import type { DataLocation } from './data-location.js';

/** What the officer reads about a data folder that cannot be used (the `settings` catalog). */
const MISSING = {
  notFound: (folder: string) => text('settings:dataFolder.missing.notFound', { folder }),
  notAFolder: (folder: string) => text('settings:dataFolder.missing.notAFolder', { folder }),
  empty: (folder: string) => text('settings:dataFolder.missing.empty', { folder }),
  notOurs: (folder: string) => text('settings:dataFolder.missing.notOurs', { folder }),
  unreadable: (folder: string, why: LocalizedText) =>
    text('settings:dataFolder.missing.unreadable', { folder, why: { text: why } }),
  noRecord: text('settings:dataFolder.missing.noRecord'),
} as const;

/** What a Fieldsync data folder always holds: its settings, or its account databases. */
const MARKS = ['settings.json', 'accounts'];

/**
 * Why `folder` cannot be used as the data folder, or `null` when it can: it must exist, be a folder
 * and hold Fieldsync's data (its settings or account databases). Nothing is created: an empty folder
 * or another drive's files mean the data is elsewhere, and opening there would hide it.
 */
export async function whyNotDataFolder(folder: string): Promise<LocalizedText | null> {
  try {
    if (!(await stat(folder)).isDirectory()) return MISSING.notAFolder(folder);
    const names = await readdir(folder);
    if (names.some((name) => MARKS.includes(name.toLowerCase()))) return null;
    return names.length === 0 ? MISSING.empty(folder) : MISSING.notOurs(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A drive letter with no drive behind it answers ENOENT; a pulled drive that Windows still lists can
    // answer UNKNOWN or EIO.
    if (code === 'ENOENT' || code === 'ENOTDIR') return MISSING.notFound(folder);
    return MISSING.unreadable(folder, whyFileFailed(e));
  }
}

/** The data folder to open, or why it cannot be. */
export type OpenedFolder =
  | { readonly ok: true; readonly folder: string }
  | { readonly ok: false; readonly folder: string | null; readonly reason: LocalizedText };

/**
 * Settles where the data is at start (and when the officer looks again): the app's own default folder
 * is created when missing; any other must already hold the data (`whyNotDataFolder`); an unreadable
 * record of the location is reported as it is.
 */
export async function openDataLocation(location: DataLocation): Promise<OpenedFolder> {
  const { folder, defaultFolder, problem } = location;
  if (problem) return { ok: false, folder, reason: problem };
  if (folder === null) return { ok: false, folder, reason: MISSING.noRecord };
  if (resolve(folder) === resolve(defaultFolder)) {
    try {
      await mkdir(folder, { recursive: true });
      return { ok: true, folder };
    } catch (e) {
      return { ok: false, folder, reason: MISSING.unreadable(folder, whyFileFailed(e)) };
    }
  }
  const why = await whyNotDataFolder(folder);
  return why ? { ok: false, folder, reason: why } : { ok: true, folder };
}
