import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { entityGraph } from '../../shared/entity-graph.js';
import type { AppError, Result } from '../../shared/errors.js';
import type { OpResult } from '../../shared/protocol/sync.js';
import { createLogger, type Logger } from '../log.js';
import { applyOpResults } from './apply/apply-op-results.js';
import { applyServerPage, type ServerPage } from './apply/apply-server-page.js';
import type { ApplyStats } from './apply/apply-stats.js';
import { listConflicts } from './conflicts/conflict-views.js';
import { type Resolution, resolveConflict } from './conflicts/resolve-conflict.js';
import { createRecord, deleteRecord, updateRecord } from './edits/local-edits.js';
import { openDatabase } from './open-database.js';
import { discardOp } from './outbox/discard-op.js';
import { failOps, markInFlight, retryOp } from './outbox/op-lifecycle.js';
import { listOutbox, type OutboxPageFilter, outboxCounts, pageOutbox } from './outbox/outbox-views.js';
import { readyOps } from './outbox/ready-ops.js';
import type { OutboxState } from './schema/sync-tables.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, StoreContext } from './store-context.js';
import { ensureClientId, readCursors, readLastSyncedAt } from './store-meta.js';
import { type StoreParts, storeParts } from './store-parts.js';
import type {
  ConflictView,
  DiscardResult,
  FieldChoice,
  LocalRecord,
  OutboxEntryView,
  OutboxOp,
} from './store-types.js';

export interface LocalStoreOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
  readonly migrationsFolder?: string;
  readonly now?: () => Date;
  /** The entity graph the schema was generated from (tests add types); defaults to the app's. */
  readonly graph?: EntityGraph;
  /** Where slow transactions and recoveries are logged (default: the process's log, scope `store`). */
  readonly logger?: Logger;
  /** Operations slower than this are logged as warnings (ms, default 200). */
  readonly slowMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** [0, 1) source for backoff jitter (tests pass a fixed one). */
  readonly random?: () => number;
  /** UUID source for opIds, conflict ids and new records (tests pass a deterministic one). */
  readonly newId?: () => string;
  /** SQLite page cache in KiB (default 64 MiB): a full first sync touches every index page. */
  readonly cacheKiB?: number;
  /** WAL pages before an automatic checkpoint (default: 64 MiB worth of pages; SQLite's own is 1,000). */
  readonly walAutocheckpointPages?: number;
}

/**
 * The local SQLite copy of the field data, Electron-free. Owns the rules that keep it honest: server
 * data is applied idempotently and never clobbers pending local edits; every local edit and its
 * outbox op are written in one transaction; nothing in the outbox is dropped without the officer.
 * All methods are synchronous (better-sqlite3): never hold one across an `await`.
 */
/** Where a store file lives (machine and real path), or null for an in-memory store. */
function storeHome(path: string): string | null {
  if (path === ':memory:' || path === '') return null;
  return `${hostname()}:${realpathSync(path)}`;
}

/** WAL size that triggers an automatic checkpoint (see `open`). */
const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024;

export class LocalStore {
  private readonly parts: StoreParts;
  private readonly id: string;

  private constructor(
    readonly sqlite: Database.Database,
    readonly db: BetterSQLite3Database,
    ctx: StoreContext,
    home: string | null,
  ) {
    this.parts = storeParts(ctx);
    this.id = ensureClientId(ctx, home);
    const released = this.parts.outbox.releaseInFlight();
    if (released > 0) ctx.logger.info('resending ops left in flight by the previous run', { ops: released });
  }

  /** Opens (creating and migrating as needed) the store at `options.path`. */
  static open(options: LocalStoreOptions): LocalStore {
    const { sqlite, db } = openDatabase({
      path: options.path,
      ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
    });
    sqlite.pragma(`cache_size = -${options.cacheKiB ?? 65_536}`);
    // Random UUID keys dirty most index pages in every page's commit; checkpointing every 4 MiB (the
    // default) copies them to the database file again after each commit. Checkpointing every 64 MiB
    // writes each page once per checkpoint instead: a third less disk traffic on a first sync. The
    // WAL file is trimmed back to that size after a checkpoint.
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    sqlite.pragma(
      `wal_autocheckpoint = ${options.walAutocheckpointPages ?? Math.round(WAL_CHECKPOINT_BYTES / pageSize)}`,
    );
    sqlite.pragma(`journal_size_limit = ${WAL_CHECKPOINT_BYTES}`);
    const ctx = new StoreContext({
      sqlite,
      db,
      graph: options.graph ?? entityGraph,
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
      newId: options.newId ?? randomUUID,
      logger: options.logger ?? createLogger('store'),
      slowMs: options.slowMs ?? 200,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    });
    return new LocalStore(sqlite, db, ctx, storeHome(options.path));
  }

  close(): void {
    this.sqlite.close();
  }

  /** Stable random client id (UUID) kept in `store_meta`; sent as `SyncRequest.clientId`. */
  clientId(): string {
    return this.id;
  }

  // ---- server → local ----

  /**
   * Applies one sync response page in ONE transaction: its push `results` (if given) first, then every
   * collection's items parents first, then the cursors. Same page 1× or 100× → same state; same or
   * older versions are skipped; tombstones of unknown ids are skipped; rows with pending edits are
   * merged, never clobbered. A bad record, a missing parent or an unknown collection → an error
   * naming record and field, and nothing of the page applied.
   */
  applyServerPage(page: ServerPage): Result<ApplyStats> {
    return applyServerPage(this.parts, page);
  }

  /** Every collection with its cursor (`null`: pull from the beginning). */
  getCursors(): Record<string, string | null> {
    return readCursors(this.parts.ctx);
  }

  /** Every entity type with the server time of its last completed sync. */
  lastSyncedAt(): Record<string, string | null> {
    return readLastSyncedAt(this.parts.ctx);
  }

  // ---- local edits (row and outbox op in one transaction) ----

  createRecord(entity: string, fields: Record<string, unknown>, id?: string): Result<{ id: string; opId: string }> {
    return createRecord(this.parts, entity, fields, id);
  }

  /** `opId` is `null` when no field actually changed. */
  updateRecord(entity: string, id: string, changes: Record<string, unknown>): Result<{ opId: string | null }> {
    return updateRecord(this.parts, entity, id, changes);
  }

  /** `opId` is `null` when the record never left this PC and simply disappeared with its create. */
  deleteRecord(entity: string, id: string): Result<{ opId: string | null }> {
    return deleteRecord(this.parts, entity, id);
  }

  getRecord(entity: string, id: string): LocalRecord | undefined {
    const def = this.parts.ctx.graph.byName.get(entity);
    const row = def ? this.parts.ctx.statements(def).get(id) : undefined;
    if (!row) return undefined;
    const { base: _base, ...rest } = row;
    return { entity, ...rest };
  }

  // ---- outbox ----

  /** Ops ready to send, dependency-safe (see `readyOps`). Pass them through `toPushOp`. */
  readyOps(limit: number): OutboxOp[] {
    return readyOps(this.parts, limit);
  }

  markInFlight(opIds: readonly string[]): void {
    markInFlight(this.parts, opIds);
  }

  /** The server's answers to pushed ops (also accepted as `page.results` by `applyServerPage`). */
  applyOpResults(results: readonly OpResult[]): Result<ApplyStats> {
    return applyOpResults(this.parts, results);
  }

  failOps(opIds: readonly string[], error: AppError): void {
    failOps(this.parts, opIds, error);
  }

  listOutbox(filter?: { states?: OutboxState[] }): OutboxEntryView[] {
    return listOutbox(this.parts, filter);
  }

  /** One page of `listOutbox` (titles joined in SQL): what the queue screen reads as it scrolls. */
  pageOutbox(filter: OutboxPageFilter): OutboxEntryView[] {
    return pageOutbox(this.parts, filter);
  }

  outboxCounts(): Record<OutboxState, number> {
    return outboxCounts(this.parts);
  }

  retryOp(opId: string): Result<void> {
    return retryOp(this.parts, opId);
  }

  discardOp(opId: string): Result<DiscardResult> {
    return discardOp(this.parts, opId);
  }

  // ---- conflicts ----

  listConflicts(filter?: { status?: 'open' | 'resolved' }): ConflictView[] {
    return listConflicts(this.parts, filter);
  }

  resolveConflict(conflictId: string, choice: Readonly<Record<string, FieldChoice>>): Result<Resolution> {
    return resolveConflict(this.parts, conflictId, choice);
  }
}
