import type { SQL, SQLWrapper } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { notePreparedUse } from './prepared-statement-bound.js';
import { type Executor, queryRows, type ServerDb, type ServerTx, statementName } from './server-database.js';

/** The wire messages `Pipelined` sends (pg's connection writer) and the names it has prepared. */
interface WireConnection {
  execute(config: { portal: string; rows?: number }): void;
  parse(config: { text: string; name?: string }): void;
  bind(config: { statement?: string; values?: readonly (string | null)[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  sync(): void;
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

/** A statement sent after the others of a pipeline, by name and with its parameters (see `Pipelined`). */
interface Follower {
  readonly text: string;
  readonly name: string;
  readonly values: readonly (string | null)[];
}

/**
 * A statement with parameterless statements before and after it, sent in one write (extended protocol:
 * each one's parse, bind and execute, then one sync), so PostgreSQL runs them back to back without
 * waiting for this process: BEGIN rides with a transaction's first statement, COMMIT with its last.
 * After COMMIT, a transaction that took the feed lock in its last statement has held it for that
 * statement and the commit only, never for a round trip through a busy event loop. If a statement
 * fails, PostgreSQL skips the rest up to the sync (the caller rolls back what was begun). A `follower`
 * with parameters may come last (a sync's read after its push's COMMIT, a push's locks after its
 * claim): one round trip fewer a sync each, 7–11 % of throughput under load. The answer is the
 * statement's result (and the follower's).
 */
class Pipelined extends pg.Query {
  constructor(
    config: pg.QueryConfig & { callback: (error: Error | null, results: unknown) => void },
    readonly before: readonly string[],
    readonly after: readonly string[],
    readonly follower?: Follower,
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
    if (this.follower) follow(connection, this.follower);
    connection.sync();
  }

  /** The statement's own result among those of the statements around it. */
  static resultOf(results: unknown, before: number): pg.QueryResult | undefined {
    return (Array.isArray(results) ? results[before] : results) as pg.QueryResult | undefined;
  }
}

/**
 * The follower's parse (once per connection, by name, like pg's own named statements), bind, describe
 * (so its rows come with their columns) and execute. pg learns that the name is prepared only for the
 * query it submitted, so the caller records it once the pipeline has succeeded (`recordFollower`).
 */
function follow(connection: WireConnection, follower: Follower): void {
  const { text, name, values } = follower;
  if (connection.parsedStatements[name] === undefined && connection.submittedNamedStatements[name] === undefined) {
    connection.parse({ text, name });
    connection.submittedNamedStatements[name] = text;
  }
  connection.bind({ statement: name, values });
  connection.describe({ type: 'P', name: '' });
  connection.execute({ portal: '' });
}

function send(connection: WireConnection, text: string): void {
  connection.parse({ text });
  connection.bind({});
  connection.execute({ portal: '' });
}

/** A push's transaction: generic plans (its statements look rows up by id; see `pgTransaction`). */
const BEGIN = ['BEGIN', 'SET LOCAL plan_cache_mode = force_generic_plan'];

type QueryCallback = (error: Error | null, results: unknown) => void;

/**
 * Runs `config` with `before` and `after` around it, and `follower` last, in one round trip; resolves
 * to its own result and the follower's.
 */
function pipelined(
  client: pg.PoolClient,
  config: pg.QueryConfig,
  before: readonly string[],
  after: readonly string[],
  follower?: Follower,
): Promise<{ result: pg.QueryResult; followed?: pg.QueryResult }> {
  return new Promise((resolve, reject) => {
    const callback: QueryCallback = (error, results) => {
      if (error) return reject(error);
      const result = Pipelined.resultOf(results, before.length);
      const followed = follower ? Pipelined.resultOf(results, before.length + 1 + after.length) : undefined;
      if (!result || (follower && !followed))
        return reject(new Error('PostgreSQL returned no result for the statement'));
      return resolve(followed ? { result, followed } : { result });
    };
    client.query(new Pipelined({ ...config, callback }, before, after, follower) as unknown as pg.Submittable);
  });
}

/** A statement to send right after the next one of a transaction, in its round trip (`queryRowsThen`). */
interface Riding {
  readonly follower: Follower;
  rows?: Record<string, unknown>[];
}

/**
 * The connection as the transaction's drizzle session sees it: BEGIN is not sent on its own but with
 * the transaction's first statement (see `Pipelined`), and a statement set as `riding` travels after
 * the next one.
 */
class LazyBegin {
  begun = false;
  riding: Riding | undefined;

  constructor(readonly client: pg.PoolClient) {}

  query(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const query: pg.QueryConfig = typeof config === 'string' ? { text: config } : { ...config };
    if (values) query.values = values;
    const riding = this.riding;
    this.riding = undefined;
    if (this.begun && !riding) return this.client.query(query);
    const before = this.begun ? [] : BEGIN;
    this.begun = true;
    return pipelined(this.client, query, before, [], riding?.follower).then(({ result, followed }) => {
      if (riding && followed) {
        notePreparedUse(this.client, riding.follower.name);
        riding.rows = followed.rows as Record<string, unknown>[];
      }
      return result;
    });
  }

  /** Whether this connection has `name` prepared (a follower inside a transaction is never parsed in it). */
  prepared(name: string): boolean {
    return (this.client as unknown as { connection: WireConnection }).connection.parsedStatements[name] !== undefined;
  }
}

/**
 * Runs `first` and then `then` in a transaction, both in one round trip when the transaction is
 * `pgTransaction`'s and `then` was prepared on its connection before (a push's claim and its locks:
 * one round trip fewer a push). Otherwise one after the other — by name, so the connection has `then`
 * prepared for its next use. A follower inside a transaction is never parsed in the pipeline: after a
 * failure (a deadlock in `then`, which the caller retries) it is certain what the connection has prepared.
 */
export async function queryRowsThen<A, B>(tx: Executor, first: SQLWrapper, then: SQLWrapper): Promise<[A[], B[]]> {
  const client = (tx as unknown as { _: { session: { client?: unknown } } })._.session.client;
  if (client instanceof LazyBegin) {
    const follower = followerOf(then.getSQL());
    if (client.prepared(follower.name)) {
      const slot: Riding = { follower };
      client.riding = slot;
      const rows = await queryRows<A>(tx, first);
      if (!slot.rows) throw new Error('PostgreSQL returned no result for the statement after it');
      return [rows, slot.rows as B[]];
    }
  }
  return [await queryRows<A>(tx, first), await queryRows<B>(tx, then)];
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
  /** A statement to run after the commit, in the same round trip too (the sync's read after its push). */
  readonly follow?: FollowingStatement;
}

/**
 * A statement that follows a transaction's commit in its last round trip, outside the transaction (it
 * sees the commit). `rows` is set when it ran; it stays unset when the transaction did not take that
 * path (nothing to stamp, PGlite, a test's hook between stamp and commit), and the caller runs it then.
 */
export interface FollowingStatement {
  readonly statement: SQL;
  rows?: Record<string, unknown>[];
}

/**
 * Runs `work` in a transaction on a connection of its own from the pool of a PostgreSQL database,
 * through drizzle as `db.transaction` does. BEGIN travels with the first statement `work` runs, and
 * `work` may end with a statement that travels with COMMIT (see `Pipelined`), and may send two
 * statements in one round trip (`queryRowsThen`): a push is 2 round trips from begin to commit, not 6.
 * The transaction asks PostgreSQL for generic plans: its statements
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
  let follower: Follower | undefined;
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
      follower = last.follow ? followerOf(last.follow.statement) : undefined;
      const { result, followed } = await pipelined(
        client,
        { text: built.sql, values: built.params as unknown[], name: statementName(built.sql) },
        before,
        ['COMMIT'],
        follower,
      );
      if (follower && followed && last.follow) {
        recordFollower(client, follower);
        last.follow.rows = followed.rows as Record<string, unknown>[];
      }
      return last.read(result.rows as Record<string, unknown>[]);
    } catch (error) {
      // Whether PostgreSQL prepared the follower's name before the failure is not known: the connection
      // is not handed on (its next Parse of that name could be refused as a duplicate).
      if (follower) broken = error instanceof Error ? error : new Error(String(error));
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

/**
 * The follower as sent: named like every statement (`statementName`), its parameters as the text pg
 * would send for them. Only text, numbers and booleans are expected (a read's cursors, ids and limits).
 */
function followerOf(statement: SQL): Follower {
  const built = dialect.sqlToQuery(statement);
  const values = built.params.map((value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
    throw new Error(`A following statement's parameter must be text, a number or a boolean (got ${typeof value})`);
  });
  return { text: built.sql, name: statementName(built.sql), values };
}

/** The follower's name is prepared on this connection now: pg and the per-connection bound know it. */
function recordFollower(client: pg.PoolClient, follower: Follower): void {
  const connection = (client as unknown as { connection: WireConnection }).connection;
  connection.parsedStatements[follower.name] = follower.text;
  delete connection.submittedNamedStatements[follower.name];
  notePreparedUse(client, follower.name);
}
