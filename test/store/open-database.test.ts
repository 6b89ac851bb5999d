import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, PAGE_SIZE } from '../../src/main/store/open-database.js';
import { entityGraph } from '../../src/shared/entity-graph.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('uses WAL, synchronous FULL and enforced foreign keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-store-'));
    dirs.push(dir);
    const { sqlite, close } = openDatabase({ path: join(dir, 'store.db') });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      sqlite
        .prepare("insert into countries (id, organisation_id, name, iso_code) values ('c', 'missing-org', 'X', 'XX')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    close();
  });

  it('creates new files with 16 KiB pages and keeps the page size of an existing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-store-'));
    dirs.push(dir);
    const fresh = openDatabase({ path: join(dir, 'new.db') });
    expect(fresh.sqlite.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    fresh.close();
    // A store created by an earlier version (4 KiB pages, already in WAL) opens as it is.
    const old = new Database(join(dir, 'old.db'));
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('create table kept (x integer)');
    old.close();
    const reopened = openDatabase({ path: join(dir, 'old.db') });
    expect(reopened.sqlite.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });

  it('creates one table per declared entity type, with an index on every reference', () => {
    const { sqlite, close } = openDatabase({ path: ':memory:' });
    const tables = new Set(
      (sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    for (const def of entityGraph.ordered) {
      expect(tables).toContain(def.table);
      const indexed = (sqlite.prepare(`pragma index_list(${def.table})`).all() as { name: string }[]).map(
        (r) => r.name,
      );
      for (const ref of def.refs) expect(indexed).toContain(`${def.table}_${ref.column}_idx`);
    }
    close();
  });

  it('opens an existing store again without re-running migrations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-store-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    openDatabase({ path }).close();
    const again = openDatabase({ path });
    const applied = again.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThanOrEqual(1);
    again.close();
  });
});
