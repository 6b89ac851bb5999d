import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { boundPreparedStatements } from './prepared-statement-bound.js';
import type { ServerDatabase, ServerDb } from './server-database.js';

/** Where the generated PostgreSQL migrations live in a checkout. */
export const DEFAULT_PG_MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../drizzle/pg');

export interface OpenServerDatabaseOptions {
  /** `postgres://…`: use that PostgreSQL. Otherwise PGlite in `dataDir` (in memory without one). */
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly migrationsFolder?: string;
  /** Connection pool size for PostgreSQL. */
  readonly poolSize?: number;
  /** PGlite only: start from a dumped data directory (tests clone a migrated, seeded template). */
  readonly loadDataDir?: Blob;
}

/**
 * A pooled connection that dies while idle (a database restart, an administrator's `pg_terminate_backend`,
 * a dropped network) is emitted on the pool; without a listener Node would end the whole server process.
 * The pool has already discarded it and opens a new one for the next query.
 */
const warnIdleConnectionError = (error: Error) =>
  console.warn(`PostgreSQL closed an idle pooled connection (the pool will reconnect): ${error.message}`);

/** Opens the server database and applies pending migrations (the same migrations for both drivers). */
export async function openServerDatabase(options: OpenServerDatabaseOptions = {}): Promise<ServerDatabase> {
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_PG_MIGRATIONS;
  if (options.databaseUrl) {
    // UTC sessions so anything the database prints as time is unambiguous.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      options: '-c TimeZone=UTC',
    });
    pool.on('error', warnIdleConnectionError);
    boundPreparedStatements(pool);
    const db = drizzleNodePg({ client: pool }) as unknown as ServerDb;
    try {
      await migrateNodePg(db as never, { migrationsFolder });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return { kind: 'postgres', db, close: () => pool.end() };
  }
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await client.exec("SET TIME ZONE 'UTC'");
  const db = drizzlePglite({ client }) as unknown as ServerDb;
  try {
    await migratePglite(db as never, { migrationsFolder });
  } catch (error) {
    await client.close();
    throw error;
  }
  return { kind: 'pglite', db, pglite: client, close: () => client.close() };
}
