import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BackoffOptions } from '../../shared/backoff.js';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { type AppError, AppErrorException, err, ok, type Result } from '../../shared/errors.js';
import type { Logger } from '../log.js';
import { EntityStatements } from './entity-statements.js';
import { timed } from './timed.js';

/** Tunables of the outbox's retry policy: the sync engine's backoff curve plus when to give up. */
export interface RetryPolicy extends BackoffOptions {
  /** Transient failures in a row before an op needs the officer's attention. */
  readonly maxFailures: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxFailures: 8, baseMs: 5_000, maxMs: 15 * 60_000 };

/** What a store context is made of (named, so a new part cannot be passed in the wrong place). */
export type StoreContextParts = Pick<
  StoreContext,
  'sqlite' | 'db' | 'graph' | 'now' | 'random' | 'newId' | 'logger' | 'slowMs' | 'retry'
>;

/** What every store module works with: the connection, the graph, injected clock/randomness/logger. */
export class StoreContext {
  private readonly statementsByEntity = new Map<string, EntityStatements>();
  private readonly topo: ReadonlyMap<string, number>;
  readonly sqlite: Database.Database;
  readonly db: BetterSQLite3Database;
  readonly graph: EntityGraph;
  readonly now: () => Date;
  readonly random: () => number;
  readonly newId: () => string;
  readonly logger: Logger;
  /** Transactions slower than this are logged as warnings (ms). */
  readonly slowMs: number;
  readonly retry: RetryPolicy;

  constructor(parts: StoreContextParts) {
    this.sqlite = parts.sqlite;
    this.db = parts.db;
    this.graph = parts.graph;
    this.now = parts.now;
    this.random = parts.random;
    this.newId = parts.newId;
    this.logger = parts.logger;
    this.slowMs = parts.slowMs;
    this.retry = parts.retry;
    this.topo = new Map(this.graph.ordered.map((def, i) => [def.name, i]));
  }

  /** The cached prepared statements of an entity table. */
  statements(def: EntityDef): EntityStatements {
    let statements = this.statementsByEntity.get(def.name);
    if (!statements) {
      statements = new EntityStatements(this.sqlite, def);
      this.statementsByEntity.set(def.name, statements);
    }
    return statements;
  }

  /** Position of an entity type in the topological order (parents first). */
  topoIndex(entity: string): number {
    const index = this.topo.get(entity);
    if (index === undefined) throw new Error(`Unknown entity type ${entity}`);
    return index;
  }

  /** Looks an entity type up, throwing the value error so the surrounding transaction rolls back. */
  defOrThrow(entity: string): EntityDef {
    const def = this.graph.resolve(entity);
    if (!def.ok) throw new AppErrorException(def.error);
    return def.value;
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  /**
   * Runs `work` in one immediate transaction (a savepoint when nested), timed for the slow log.
   * An `AppErrorException` rolls everything back and comes out as an error value; anything else is a bug.
   */
  transact<T>(label: string, work: () => T): Result<T> {
    try {
      return ok(timed(this.logger, this.slowMs, label, () => this.sqlite.transaction(work).immediate()));
    } catch (error) {
      if (error instanceof AppErrorException) return err(error.error);
      throw error;
    }
  }
}

/** Throws an expected failure out of a transaction body (see `StoreContext.transact`). */
export function fail(error: AppError): never {
  throw new AppErrorException(error);
}
