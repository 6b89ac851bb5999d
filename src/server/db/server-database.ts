import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

/** Drizzle over either driver; both speak the same PostgreSQL dialect. */
// biome-ignore lint/suspicious/noExplicitAny: the schema generic is unused (no relational queries)
export type ServerDb = PgDatabase<PgQueryResultHKT, any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
export type ServerTx = PgTransaction<PgQueryResultHKT, any, any>;
/** Anything that runs queries: the database or a transaction. */
export type Executor = ServerDb | ServerTx;

export type DatabaseKind = 'pglite' | 'postgres';

/** An open, migrated server database. */
export interface ServerDatabase {
  readonly kind: DatabaseKind;
  readonly db: ServerDb;
  /** The embedded database, when it is PGlite (tests dump it as a template). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

/** Runs raw SQL and returns its rows (both drivers return `{ rows }`). */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The first row of a raw query, or undefined. */
export async function queryRow<T>(executor: Executor, query: SQL): Promise<T | undefined> {
  return (await queryRows<T>(executor, query))[0];
}
