import type { SQL } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type ServerDb, type ServerTx, statementName } from './server-database.js';

/** The wire messages `Pipelined` sends (pg's connection writer). */
interface WireConnection {
  execute(config: { portal: string; rows?: number }): void;
  parse(config: { text: string }): void;
  bind(config: Record<string, never>): void;
  sync(): void;
}

/**
 * A statement with parameterless statements before and after it, sent in one write (extended protocol:
 * each one's parse, bind and execute, then one sync), so PostgreSQL runs them back to back without
 * waiting for this process: BEGIN rides with a transaction's first statement, COMMIT with its last.
 * After COMMIT, a transaction that took the feed lock in its last statement has held it for that
 * statement and the commit only, never for a round trip through a busy event loop. If a statement
 * fails, PostgreSQL skips the rest up to the sync (the caller rolls back what was begun). The answer
 * is the statement's result.
 */
class Pipelined extends pg.Query {
  constructor(
    config: pg.QueryConfig & { callback: (error: Error | null, results: unknown) => void },
    readonly before: readonly string[],
    readonly after: readonly string[],
  ) {
    // Extended protocol even for a statement without parameters (the simple one cannot pipeline).
    super({ ...config, queryMode: 'extended' } as pg.QueryConfig);
  }

  /** pg calls this to send the statement; the statements before it go first, in the same write. */
  prepare(connection: WireConnection): void {
    for (const text of this.before) send(connection, text);
    (pg.Query.prototype as unknown as { prepare(c: WireConnection): void }).prepare.call(this, connection);
  }

  /** pg calls this to run the bound statement (and to page, with `rows`, which this never asks for). */
  _getRows(connection: WireConnection, rows: number | undefined): void {
    connection.execute({ portal: (this as unknown as { portal: string }).portal, ...(rows ? { rows } : {}) });
    for (const text of this.after) send(connection, text);
    connection.sync();
  }

  /** The statement's own result among those of the statements around it. */
  static resultOf(results: unknown, before: number): pg.QueryResult | undefined {
    return (Array.isArray(results) ? results[before] : results) as pg.QueryResult | undefined;
  }
}

function send(connection: WireConnection, text: string): void {
  connection.parse({ text });
  connection.bind({});
  connection.execute({ portal: '' });
}

/** A push's transaction: generic plans (its statements look rows up by id; see `pgTransaction`). */
const BEGIN = ['BEGIN', 'SET LOCAL plan_cache_mode = force_generic_plan'];

type QueryCallback = (error: Error | null, results: unknown) => void;

/** Runs `config` with `before` and `after` around it in one round trip; resolves to its own result. */
function pipelined(
  client: pg.PoolClient,
  config: pg.QueryConfig,
  before: readonly string[],
  after: readonly string[],
): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    const callback: QueryCallback = (error, results) => {
      if (error) return reject(error);
      const result = Pipelined.resultOf(results, before.length);
      return result ? resolve(result) : reject(new Error('PostgreSQL returned no result for the statement'));
    };
    client.query(new Pipelined({ ...config, callback }, before, after) as unknown as pg.Submittable);
  });
}

/**
 * The connection as the transaction's drizzle session sees it: BEGIN is not sent on its own but with
 * the transaction's first statement (see `Pipelined`).
 */
class LazyBegin {
  begun = false;

  constructor(readonly client: pg.PoolClient) {}

  query(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const query: pg.QueryConfig = typeof config === 'string' ? { text: config } : { ...config };
    if (values) query.values = values;
    if (this.begun) return this.client.query(query);
    this.begun = true;
    return pipelined(this.client, query, BEGIN, []);
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
 * through drizzle as `db.transaction` does. BEGIN travels with the first statement `work` runs, and
 * `work` may end with a statement that travels with COMMIT (see `Pipelined`): a push is 4 round trips
 * from begin to commit, not 6. The transaction asks PostgreSQL for generic plans: its statements
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
  const connection = new LazyBegin(client);
  let broken: Error | undefined;
  try {
    const session = new NodePgSession(connection as never, parent.dialect, parent.schema as never, parent.options);
    const tx = new NodePgTransaction(parent.dialect, session, parent.schema as never) as unknown as ServerTx;
    try {
      const { value, last } = await work(tx);
      if (!last) {
        if (connection.begun) await client.query('COMMIT');
        return value;
      }
      const built = dialect.sqlToQuery(last.statement);
      const before = connection.begun ? [] : BEGIN;
      connection.begun = true;
      const result = await pipelined(
        client,
        { text: built.sql, values: built.params as unknown[], name: statementName(built.sql) },
        before,
        ['COMMIT'],
      );
      return last.read(result.rows as Record<string, unknown>[]);
    } catch (error) {
      if (!connection.begun) throw error;
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
