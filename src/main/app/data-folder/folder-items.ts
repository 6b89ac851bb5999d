import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isSqliteFile, JOURNAL_SUFFIXES } from '../../store/index.js';

/** One thing in the data folder to copy. */
export interface FolderItem {
  /** Relative to the data folder. */
  readonly path: string;
  /** Directly in the data folder. */
  readonly top: boolean;
  readonly kind: 'folder' | 'database' | 'file';
  /** Bytes to copy (0 for a folder): what a move's progress counts. */
  readonly size: number;
}

/** The data folder holds something that is neither a file nor a folder (a pipe, a socket, a device). */
export class UncopyableItemError extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a file or folder that can be copied`);
  }
}

/**
 * Only files named like a database are opened to check for SQLite's header: the folder holds
 * thousands of photo blobs, and opening each one (each scanned by the antivirus on an officer's PC)
 * would hold the move for minutes before the first byte is copied.
 */
const DATABASE_NAME = /\.(db|sqlite3?)$/i;

/**
 * The data folder's contents in a fixed order (by name, each folder before what it holds), listed
 * before anything is copied so a move knows its totals. A database's journal files are left out:
 * the backup carries what they hold. Asynchronous, so the window stays responsive while it lists.
 */
export async function listFolderItems(root: string, folder = ''): Promise<FolderItem[]> {
  const dirents = (await readdir(join(root, folder), { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const pathOf = (name: string) => (folder ? join(folder, name) : name);
  const databases = new Set(
    dirents
      .filter((d) => d.isFile() && DATABASE_NAME.test(d.name) && isSqliteFile(join(root, pathOf(d.name))))
      .map((d) => d.name),
  );
  const isJournal = (name: string) =>
    JOURNAL_SUFFIXES.some((suffix) => name.endsWith(suffix) && databases.has(name.slice(0, -suffix.length)));
  const items: FolderItem[] = [];
  for (const d of dirents) {
    const path = pathOf(d.name);
    const top = folder === '';
    if (d.isDirectory()) {
      items.push({ path, top, kind: 'folder', size: 0 }, ...(await listFolderItems(root, path)));
    } else if (!d.isFile()) {
      throw new UncopyableItemError(path);
    } else if (!isJournal(d.name)) {
      const kind = databases.has(d.name) ? 'database' : 'file';
      items.push({ path, top, kind, size: (await stat(join(root, path))).size });
    }
  }
  return items;
}
