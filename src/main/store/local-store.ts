import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { entityGraph } from '../../shared/entity-graph.js';
import type { AppError, Result } from '../../shared/errors.js';
import type { ConflictResolutionRecord } from '../../shared/protocol/resolutions.js';
import type { OpResult } from '../../shared/protocol/sync.js';
import { createLogger, type Logger } from '../log.js';
import { applyOpResults } from './apply/apply-op-results.js';
import { applyServerPage, type ServerPage } from './apply/apply-server-page.js';
import type { ApplyStats } from './apply/apply-stats.js';
import { beginResync, finishResync, resyncStartedAt } from './apply/resync.js';
import { listConflicts } from './conflicts/conflict-views.js';
import { unsentResolutions } from './conflicts/resolution-history.js';
import { type Resolution, resolveConflict } from './conflicts/resolve-conflict.js';
import { type DatabaseFacts, databaseFacts, migrationCount } from './database-facts.js';
import { type BulkEditResult, createRecord, deleteRecord, updateRecord, updateRecords } from './edits/local-edits.js';
import { openDatabase } from './open-database.js';
import { discardOp } from './outbox/discard-op.js';
import { failOps, markInFlight, retryOp } from './outbox/op-lifecycle.js';
import { listOutbox, type OutboxPageFilter, outboxCounts, pageOutbox } from './outbox/outbox-views.js';
import { readyOps } from './outbox/ready-ops.js';
import { PhotoLibraryRepository } from './photos/photo-library-repository.js';
import { PhotoUploadRepository } from './photos/photo-upload-repository.js';
import { readRecord } from './read/local-record.js';
import { StoreReads } from './read/store-reads.js';
import type { OutboxState } from './schema/sync-tables.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, StoreContext } from './store-context.js';
import { ensureClientId, readCursors, readLastSyncedAt, storeHome } from './store-meta.js';
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

/** Where a store file lives (machine and real path), or null for an in-memory store. */

/** WAL size that triggers an automatic checkpoint (see `open`). */
const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024;

/** The store's connection, for `rawConnection` only. */
const connections = new WeakMap<LocalStore, StoreConnection>();

/** A store's better-sqlite3 connection and its drizzle wrapper. */
export interface StoreConnection {
  readonly sqlite: Database.Database;
  readonly db: BetterSQLite3Database;
}

/**
 * The local SQLite copy of the field data, Electron-free, and the only owner of its SQL: every read
 * (`read`, the photo repositories) and every write goes through it. Owns the rules that keep the data
 * honest: server data is applied idempotently and never clobbers pending local edits; every local edit
 * and its outbox op are written in one transaction; nothing in the outbox is dropped without the
 * officer. All methods are synchronous (better-sqlite3): never hold one across an `await`.
 */
/** Rows SQLite samples per index when it analyses a table (its documented bound for `optimize`). */
const ANALYSIS_LIMIT = 1000;

export class LocalStore {
  private readonly parts: StoreParts;
  private readonly id: string;
  /** The read models the screens, the photo import and later features read (`read/`). */
  readonly read: StoreReads;
  /** This device's photo library: imports write their record, library and upload rows here. */
  readonly photoLibrary: PhotoLibraryRepository;
  /** The persistent photo upload queue. */
  readonly photoUploads: PhotoUploadRepository;

  private constructor(
    private readonly connection: StoreConnection,
    ctx: StoreContext,
    home: string | null,
  ) {
    connections.set(this, connection);
    this.parts = storeParts(ctx);
    this.read = new StoreReads(this.parts);
    this.photoLibrary = new PhotoLibraryRepository(this.parts);
    this.photoUploads = new PhotoUploadRepository(ctx);
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
    // The query planner's statistics (SQLite's advice for long-lived connections): tables never analysed
    // or grown a lot since are analysed now, each from a bounded sample so a large store opens as fast.
    sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
    sqlite.pragma('optimize = 0x10002');
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
    return new LocalStore({ sqlite, db }, ctx, storeHome(options.path));
  }

  /** The database file, or `null` for an in-memory store. */
  get file(): string | null {
    const { sqlite } = this.connection;
    return sqlite.memory ? null : sqlite.name;
  }

  /**
   * Refreshes the query planner's statistics where the data changed a lot (a first sync fills empty
   * tables; a pull can double one). Cheap when nothing changed; run after a sync and at close.
   */
  optimize(): void {
    const { sqlite } = this.connection;
    if (sqlite.open && !sqlite.inTransaction) sqlite.pragma('optimize');
  }

  close(): void {
    try {
      this.optimize();
    } catch (error) {
      // Statistics are an optimisation: a failure (a full disk) must not keep the store open.
      this.parts.ctx.logger.warn('could not refresh the query statistics at close', { error: String(error) });
    }
    this.connection.sqlite.close();
  }

  /** Facts about the database file for a diagnostics report (runs SQLite's quick check). */
  databaseFacts(): DatabaseFacts {
    return databaseFacts(this.parts.ctx);
  }

  /** How many migrations the store file has had. */
  migrationCount(): number {
    return migrationCount(this.parts.ctx);
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

  /**
   * Starts a re-download from scratch (the server answered RESYNC): cursors forgotten, ops left in
   * flight back in the queue, data and outbox kept; `applyServerPage` then replaces rows with the
   * server's until `finishResync`. Survives a restart: `resyncInProgress` stays true until then.
   */
  beginResync(): Result<{ readonly released: number }> {
    return beginResync(this.parts);
  }

  /** A re-download from scratch was started and has not completed (perhaps cut by a crash). */
  resyncInProgress(): boolean {
    return resyncStartedAt(this.parts.ctx) !== null;
  }

  /**
   * Ends a completed re-download: removes rows the server did not send (never one with pending edits,
   * nor one such a row references) and clears the flag, in one transaction.
   */
  finishResync(): Result<{ readonly removed: number }> {
    return finishResync(this.parts);
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

  /** Many records of one type in one transaction, each with its own op (see `updateRecords`). */
  updateRecords(
    entity: string,
    ids: readonly string[],
    change: (current: Readonly<Record<string, unknown>>, id: string) => Record<string, unknown> | null,
  ): Result<BulkEditResult[]> {
    return updateRecords(this.parts, entity, ids, change);
  }

  /** `opId` is `null` when the record never left this PC and simply disappeared with its create. */
  deleteRecord(entity: string, id: string): Result<{ opId: string | null }> {
    return deleteRecord(this.parts, entity, id);
  }

  /** One record (tombstones too), or `undefined` when it is not here. */
  getRecord(entity: string, id: string): LocalRecord | undefined {
    return readRecord(this.parts.ctx, entity, id);
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

  /** Epoch ms when the first op backing off after a failure is due; `null` when none is. */
  nextRetryAt(): number | null {
    return this.parts.outbox.nextRetryAt();
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

  /** Hand resolutions the server has not stored yet, for the next sync request (see `unsentResolutions`). */
  unsentResolutions(limit: number): ConflictResolutionRecord[] {
    return unsentResolutions(this.parts, limit);
  }

  /** Conflicts waiting for the officer. */
  openConflictCount(): number {
    return this.parts.conflicts.openCount();
  }

  /** The officer's decision on a conflict (or override of an automatic one); `by` names them in its history. */
  resolveConflict(
    conflictId: string,
    choice: Readonly<Record<string, FieldChoice>>,
    by: string | null = null,
  ): Result<Resolution> {
    return resolveConflict(this.parts, conflictId, choice, by);
  }
}

/**
 * The connection behind a store, for tests and benchmarks that set up or inspect rows no method
 * reaches (crash checks, raw fixtures). Not exported from the store's `index.ts`: the lint refuses
 * store internals outside `src/main/store`, so nothing in the app can reach around the store with it.
 */
export function rawConnection(store: LocalStore): StoreConnection {
  const connection = connections.get(store);
  if (!connection) throw new Error('Not a LocalStore');
  return connection;
}
