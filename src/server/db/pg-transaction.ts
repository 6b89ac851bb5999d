import type { SQL } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type ServerDb, type ServerTx, statementName } from './server-database.js';

/** The wire messages `StatementThenCommit` sends (pg's connection writer). */
interface WireConnection {
  execute(config: { portal: string; rows?: number }): void;
  parse(config: { text: string }): void;
  bind(config: Record<string, never>): void;
  sync(): void;
}

/**
 * A statement followed by COMMIT in one write to the server (extended protocol: the statement's
 * execute, then COMMIT's parse, bind and execute, then one sync). PostgreSQL commits the moment the
 * statement is done, without waiting for this process to read its answer and ask: a transaction that
 * took the feed lock in that statement holds it for the statement and the commit only, not for a
 * round trip through a busy event loop. If the statement fails, PostgreSQL skips to the sync and the
 * transaction stays open and aborted (the caller rolls it back); if COMMIT fails, nothing was kept.
 */
class StatementThenCommit extends pg.Query {
  /** pg calls this to run the bound portal (and to page, with `rows`, which this never asks for). */
  _getRows(connection: WireConnection, rows: number | undefined): void {
    connection.execute({ portal: (this as unknown as { portal: string }).portal, ...(rows ? { rows } : {}) });
    connection.parse({ text: 'COMMIT' });
    connection.bind({});
    connection.execute({ portal: '' });
    connection.sync();
  }
}

const dialect = new PgDialect();

/** Whether drizzle runs on a node-postgres pool (PostgreSQL), not on PGlite. */
export function onPgPool(db: ServerDb): boolean {
  return (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;
}

/** What a transaction's work leaves to be run last, with the commit in the same round trip. */
export interface LastStatement<T> {
  readonly statement: SQL;
  readonly read: (rows: Record<string, unknown>[]) => T;
}

/**
 * Runs `work` in a transaction on a connection of its own from the pool of a PostgreSQL database,
 * through drizzle as `db.transaction` does; `work` may end with a statement that is sent together with
 * COMMIT (see `StatementThenCommit`). The transaction asks PostgreSQL for generic plans: its statements
 * look rows up by id, and a statement with arrays of ids was planned again on every push (0.8 ms of the
 * database's time a push) because its custom plan looked cheaper than the generic one.
 */
export async function pgTransaction<T>(
  db: ServerDb,
  work: (tx: ServerTx) => Promise<{ value: T; last?: LastStatement<T> }>,
): Promise<T> {
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  const parent = db._.session as unknown as { dialect: PgDialect; schema: unknown; options: object };
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const session = new NodePgSession(client, parent.dialect, parent.schema as never, parent.options);
    const tx = new NodePgTransaction(parent.dialect, session, parent.schema as never) as unknown as ServerTx;
    try {
      await client.query('BEGIN; SET LOCAL plan_cache_mode = force_generic_plan');
      const { value, last } = await work(tx);
      if (!last) {
        await client.query('COMMIT');
        return value;
      }
      const rows = await runThenCommit(client, last.statement);
      return last.read(rows);
    } catch (error) {
      // After a failed statement the transaction is aborted; after a failed COMMIT it is gone (a warning).
      // A rollback that fails too means the connection is gone (the server went away).
      await client.query('ROLLBACK').catch((rollback: Error) => {
        broken = rollback;
      });
      throw error;
    }
  } finally {
    // A connection whose rollback failed is not handed to the next request.
    client.release(broken);
  }
}

async function runThenCommit(client: pg.PoolClient, statement: SQL): Promise<Record<string, unknown>[]> {
  const built = dialect.sqlToQuery(statement);
  const name = statementName(built.sql);
  return new Promise((resolve, reject) => {
    client.query(
      new StatementThenCommit({
        text: built.sql,
        values: built.params as unknown[],
        ...(name ? { name } : {}),
        callback: (error: Error | null, results: unknown) => {
          if (error) return reject(error);
          const [first] = results as pg.QueryResult[];
          resolve((first?.rows ?? []) as Record<string, unknown>[]);
        },
      } as pg.QueryConfig) as unknown as pg.Submittable,
    );
  });
}
