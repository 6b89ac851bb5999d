import { closeSync, openSync, readSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openSqlite } from './sqlite-binding.js';
import { CLIENT_HOME_KEY, storeHome } from './store-meta.js';

const HEADER = 'SQLite format 3\0';

/** Whether the file is an SQLite database (by its header, whatever its name). */
export function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(HEADER.length);
    return readSync(fd, bytes, 0, bytes.length, 0) === bytes.length && bytes.toString('latin1') === HEADER;
  } finally {
    closeSync(fd);
  }
}

/** A database's journal files: the backup carries what they hold, so they are not copied. */
export const JOURNAL_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** Pages per backup step: better-sqlite3's own default (1.6 MB with the store's 16 KiB pages). */
const BACKUP_STEP_PAGES = 100;

/**
 * Copies a database with SQLite's online backup API, so the copy is one consistent snapshot
 * including anything still in the WAL (a plain file copy of a WAL database can be torn). The backup
 * goes a step of pages per event-loop turn; `onStep` hears the share of pages copied after each.
 */
export async function backUpDatabase(from: string, to: string, onStep?: (fraction: number) => void): Promise<void> {
  const source = openSqlite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to, {
      progress: ({ totalPages, remainingPages }) => {
        if (totalPages > 0) onStep?.((totalPages - remainingPages) / totalPages);
        return BACKUP_STEP_PAGES;
      },
    });
  } finally {
    source.close();
  }
}

/**
 * Checks a copied database: `integrity_check` passes and every table has as many rows as the
 * source's. Returns why not, or `null` when the copy is good.
 */
export function verifyDatabaseCopy(from: string, to: string): string | null {
  const source = openSqlite(from, { readonly: true, fileMustExist: true });
  const copy = openSqlite(to, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `integrity check failed: ${String(integrity)}`;
    for (const table of tablesOf(source)) {
      const expected = rowCount(source, table);
      const found = tablesOf(copy).includes(table) ? rowCount(copy, table) : -1;
      if (found !== expected) return `table ${table} has ${found} rows, the original ${expected}`;
    }
    return null;
  } finally {
    copy.close();
    source.close();
  }
}

function tablesOf(db: Database.Database): string[] {
  const rows = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

function rowCount(db: Database.Database, table: string): number {
  const row = db.prepare(`select count(*) as n from "${table.replace(/"/g, '""')}"`).get() as { n: number };
  return row.n;
}

/**
 * A store the app itself moved (the data folder's move, which then removes the original) keeps its
 * client id: its recorded home becomes the copy's. Without this the moved store would sync under a new
 * id, which the server refuses on the session the old id opened (the officer would be signed out).
 * A copy made any other way (a file copied to another PC) still takes a new id when opened.
 */
export function adoptMovedStore(copy: string): void {
  const db = openSqlite(copy, { fileMustExist: true });
  try {
    const hasMeta = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'store_meta'").get();
    if (hasMeta) db.prepare('update store_meta set value = ? where key = ?').run(storeHome(copy), CLIENT_HOME_KEY);
  } finally {
    db.close();
  }
}
