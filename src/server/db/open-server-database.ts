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
  /** PostgreSQL connections opened at start and kept however long the server idles (`POOL_WARM`). */
  readonly poolWarm?: number;
  /** How long a connection past the warm ones may idle before it is closed, in ms (`POOL_IDLE_MS`). */
  readonly poolIdleMs?: number;
  /** PGlite only: start from a dumped data directory (tests clone a migrated, seeded template). */
  readonly loadDataDir?: Blob;
}

/**
 * A new PostgreSQL connection costs the sync that opens it ~55 ms more than a warm one (62 against 5.7 ms
 * for a push and pull of the small deployment): the backend starts, fills its catalog caches and plans
 * every statement again. pg-pool closes any connection idle for 10 s by default, so at a district's pace
 * — a sync every few minutes — nearly every sync paid that. These stay open through quiet hours, and the
 * rest of a busy hour's connections stay a while after it.
 */
export const POOL_WARM = 2;
export const POOL_IDLE_MS = 5 * 60_000;

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
    const max = options.poolSize ?? 10;
    const warm = Math.min(max, options.poolWarm ?? POOL_WARM);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max,
      min: warm,
      idleTimeoutMillis: options.poolIdleMs ?? POOL_IDLE_MS,
      options: '-c TimeZone=UTC',
    });
    pool.on('error', warnIdleConnectionError);
    boundPreparedStatements(pool);
    const db = drizzleNodePg({ client: pool }) as unknown as ServerDb;
    try {
      await migrateNodePg(db as never, { migrationsFolder });
      await openConnections(pool, warm);
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

/** Opens `count` connections now (the first syncs after a start find them ready) and returns them to the pool. */
async function openConnections(pool: pg.Pool, count: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  for (const client of clients) client.release();
}
