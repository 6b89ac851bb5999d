import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A drizzle-kit snapshot (opaque here; drizzle-kit reads and writes it). */
type Snapshot = { id: string } & Record<string, unknown>;

/** How one database dialect turns table declarations into a snapshot and two snapshots into SQL. */
export interface MigrationDialect {
  readonly name: 'sqlite' | 'postgresql';
  snapshot(tables: Record<string, unknown>, prevId?: string): Promise<Snapshot>;
  diff(prev: Snapshot, cur: Snapshot): Promise<string[]>;
}

interface Journal {
  version: string;
  dialect: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/** The dialects drizzle-kit's programmatic API offers; loaded lazily (drizzle-kit is a dev tool). */
export async function loadDialect(name: MigrationDialect['name']): Promise<MigrationDialect> {
  const api = await import('drizzle-kit/api');
  if (name === 'sqlite') {
    return {
      name,
      snapshot: async (tables, prevId) => (await api.generateSQLiteDrizzleJson(tables, prevId)) as unknown as Snapshot,
      diff: (prev, cur) => api.generateSQLiteMigration(prev as never, cur as never),
    };
  }
  return {
    name,
    snapshot: async (tables, prevId) => api.generateDrizzleJson(tables, prevId) as unknown as Snapshot,
    diff: (prev, cur) => api.generateMigration(prev as never, cur as never),
  };
}

/** The statements needed to bring the migrations in `folder` up to `tables` (empty when current). */
export async function pendingStatements(
  dialect: MigrationDialect,
  folder: string,
  tables: Record<string, unknown>,
): Promise<{ statements: string[]; prev: Snapshot; cur: Snapshot; journal: Journal }> {
  const journal = readJournal(folder, dialect);
  const last = journal.entries.at(-1);
  const prev = last
    ? (JSON.parse(readFileSync(snapshotPath(folder, last.idx), 'utf8')) as Snapshot)
    : await dialect.snapshot({});
  const cur = await dialect.snapshot(tables, prev.id);
  const statements = await dialect.diff(prev, cur);
  return { statements, prev, cur, journal };
}

/**
 * Writes the next migration (SQL, snapshot and journal entry, in drizzle-kit's folder format that
 * drizzle-orm's migrators read) when the declarations changed. Returns the new tag, or null.
 */
export async function writeMigration(
  dialect: MigrationDialect,
  folder: string,
  tables: Record<string, unknown>,
  name: string,
  now: () => number = Date.now,
): Promise<string | null> {
  const { statements, cur, journal } = await pendingStatements(dialect, folder, tables);
  if (statements.length === 0) return null;
  const idx = journal.entries.length;
  const tag = `${String(idx).padStart(4, '0')}_${name.replace(/[^a-z0-9_]+/gi, '_').toLowerCase()}`;
  mkdirSync(join(folder, 'meta'), { recursive: true });
  writeFileSync(join(folder, `${tag}.sql`), `${statements.join('\n--> statement-breakpoint\n')}\n`);
  writeFileSync(snapshotPath(folder, idx), `${JSON.stringify(cur, null, 2)}\n`);
  journal.entries.push({ idx, version: dialect.name === 'sqlite' ? '6' : '7', when: now(), tag, breakpoints: true });
  writeFileSync(join(folder, 'meta', '_journal.json'), `${JSON.stringify(journal, null, 2)}\n`);
  return tag;
}

function readJournal(folder: string, dialect: MigrationDialect): Journal {
  const path = join(folder, 'meta', '_journal.json');
  if (!existsSync(path)) return { version: '7', dialect: dialect.name, entries: [] };
  return JSON.parse(readFileSync(path, 'utf8')) as Journal;
}

function snapshotPath(folder: string, idx: number): string {
  return join(folder, 'meta', `${String(idx).padStart(4, '0')}_snapshot.json`);
}

/** Lists migration SQL files in a folder (for tests and diagnostics). */
export function migrationFiles(folder: string): string[] {
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => f.endsWith('.sql'))
        .sort()
    : [];
}
