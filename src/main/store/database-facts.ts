import { statSync } from 'node:fs';
import type { StoreContext } from './store-context.js';

/** What support needs to know about the database file (diagnostics). */
export interface DatabaseFacts {
  /** Migrations applied (drizzle's journal). */
  readonly migrations: number;
  /** When the newest applied migration was generated (epoch ms). */
  readonly latestMigration: number | null;
  readonly sqlite: string;
  /** `ok`, or what SQLite's quick check found wrong. */
  readonly integrity: unknown;
  /** File size; `null` for an in-memory store. */
  readonly bytes: number | null;
}

/** Facts about the store file for a diagnostics report; runs SQLite's quick check (reads every page). */
export function databaseFacts(ctx: StoreContext): DatabaseFacts {
  const { sqlite } = ctx;
  const migrations = sqlite
    .prepare('select count(*) as n, max(created_at) as latest from __drizzle_migrations')
    .get() as { n: number; latest: number | null };
  return {
    migrations: migrations.n,
    latestMigration: migrations.latest,
    sqlite: (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v,
    integrity: sqlite.pragma('quick_check', { simple: true }),
    bytes: sqlite.memory ? null : statSync(sqlite.name).size,
  };
}

/** How many migrations the store file has had (the about line's "migration N"). */
export function migrationCount(ctx: StoreContext): number {
  return (ctx.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
}
