import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/main/store/index.js';
import { seededStore } from '../app/helpers/seeded-store.js';

/** The tables SQLite holds statistics for (ANALYZE writes `sqlite_stat1`), read from the file directly. */
function analysedTables(path: string): Set<string> {
  const db = new Database(path, { readonly: true });
  try {
    const exists = db.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get();
    if (!exists) return new Set();
    return new Set(db.prepare('select distinct tbl from sqlite_stat1').pluck().all() as string[]);
  } finally {
    db.close();
  }
}

describe('the query planner’s statistics', () => {
  it('a store filled by a first sync has its tables analysed at close and keeps them', () => {
    const seeded = seededStore('small');
    const path = join(seeded.dir, 'store.db');
    // Opened empty: nothing to analyse yet. Filled by the seed's pages, then closed: analysed.
    seeded.store.close();
    const tables = analysedTables(path);
    expect(tables.size).toBeGreaterThan(5);
    expect([...tables].some((t) => /school_?visit/i.test(t))).toBe(true);
    // Opening again keeps them (and analyses nothing new): the report's plans start from real counts.
    const again = LocalStore.open({ path });
    again.close();
    expect(analysedTables(path)).toEqual(tables);
    seeded.close();
  });

  it('optimize() after a pull is safe inside the store’s life and refreshes statistics', () => {
    const seeded = seededStore('tiny');
    const path = join(seeded.dir, 'store.db');
    const visitTable = (tables: Set<string>) => [...tables].some((t) => /school_?visit/i.test(t));
    // Opened empty (only the migrations' own bookkeeping had rows), then filled: visits not analysed yet.
    expect(visitTable(analysedTables(path))).toBe(false);
    seeded.store.optimize();
    expect(visitTable(analysedTables(path))).toBe(true);
    seeded.close();
  });
});
