import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/store/open-database.js';
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
