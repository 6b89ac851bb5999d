import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type PgDatabase, PgDialect, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';

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

const dialect = new PgDialect();

/**
 * Statement texts whose names were worked out lately. The name is a digest of the text, so a text that
 * falls out is named the same again; the map only spares the digest of the texts every sync runs.
 */
const RECENT_NAMES = 2_000;
const statementNames = new Map<string, string>();

/**
 * The name a statement text is prepared under: a digest of the text, so one name never stands for two
 * texts (PostgreSQL would refuse it). How many each connection keeps is bounded where the pool is made
 * (`prepared-statement-bound.ts`).
 */
export function statementName(text: string): string {
  const known = statementNames.get(text);
  if (known !== undefined) return known;
  const name = `fs_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
  if (statementNames.size >= RECENT_NAMES) statementNames.clear();
  statementNames.set(text, name);
  return name;
}

/**
 * A fragment without parameters compiled to its text once. A statement that embeds it then walks one
 * raw chunk on every call instead of the fragment's tree: a record's JSON column list is hundreds of
 * chunks, and building the lock statement from them took ~5 % of the server's time under load.
 */
export function frozenSql(fragment: SQL): SQL {
  const built = dialect.sqlToQuery(fragment);
  if (built.params.length > 0) throw new Error(`frozenSql: the fragment has parameters: ${built.sql}`);
  return sql.raw(built.sql);
}

/**
 * Runs raw SQL, or a drizzle query builder's statement, and returns its raw rows (both drivers return `{ rows }`). The statement is prepared by
 * name: on PostgreSQL each connection parses and plans a text once, not on every sync — planning the
 * sync's larger statements cost more than running them (the snapshot facts: 1.8 ms a call unnamed,
 * 0.6 ms named). PGlite runs it as before.
 */
export async function queryRows<T>(executor: Executor, query: SQLWrapper): Promise<T[]> {
  const built = dialect.sqlToQuery(query.getSQL());
  const prepared = executor._.session.prepareQuery(built, undefined, statementName(built.sql), false);
  const result = (await prepared.execute()) as unknown as { rows: T[] };
  return result.rows;
}

/** The first row of a raw query, or undefined. */
export async function queryRow<T>(executor: Executor, query: SQLWrapper): Promise<T | undefined> {
  return (await queryRows<T>(executor, query))[0];
}
