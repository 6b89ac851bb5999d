import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { entityGraph } from '../../shared/entity-graph.js';
import type { QueueCounts, SyncStatus } from '../../shared/ipc/schemas/sync-status.js';
import type { NetworkState, SyncProgressEvent, SyncSummary } from '../../shared/sync-events.js';
import { libraryFolderOf } from '../photos/library-paths.js';
import { PhotoImportService } from '../photos/photo-import-service.js';
import type { PhotoInbox } from '../photos/photo-inbox.js';
import { createPhotoPipeline, type PhotoPipeline } from '../photos/photo-pipeline.js';
import { LocalStore } from '../store/index.js';
import { type Clock, systemClock } from '../sync/clock.js';
import { ServerConnection } from '../sync/server-connection.js';
import type { SyncBackoffs } from '../sync/sync-backoffs.js';
import { createSyncClient, type SyncClient } from '../sync/sync-client.js';
import type { SyncOptions } from '../sync/sync-engine.js';
import type { EventHub } from './event-hub.js';
import type { Account } from './settings-file.js';

export interface OpenAccountOptions {
  readonly dataDir: string;
  readonly account: Account;
  readonly token: string | null;
  /** Renews an expired session on its own (demo mode, whose credentials are public). */
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly syncIntervalMinutes: number;
  /** The officer's upload concurrency setting, read at each upload run. */
  readonly uploadConcurrency?: () => number;
  /** The officer's "farthest a photo may be from its school" setting in metres, read at each scan. */
  readonly photoMaxDistanceMetres?: () => number;
  readonly hub: EventHub;
  readonly migrationsFolder?: string;
  /** Delay between a local edit and the sync that sends it (online only). */
  readonly syncAfterEditMs?: number;
  /** Records per sync response (tests use small pages to watch progress move). */
  readonly pageLimit?: number;
  /** Re-probe and re-sync schedules (tests lengthen them to act before the app does by itself). */
  readonly backoffs?: SyncBackoffs;
  /** Time for the pull notices' throttle (timers belong to the sync scheduler). */
  readonly clock?: Clock;
}

/**
 * The signed-in account: its own database (one per server and user, so two accounts never mix and
 * switching never loses an outbox), the sync client, and the status the status bar shows, kept
 * current from the engine's events and reachability. It wires and translates; it owns no timer:
 * when to sync is the scheduler's business (after an edit, after a backoff, periodically).
 */
export class OpenAccount {
  readonly store: LocalStore;
  /** Photo import and uploads of this account (issue 6); uploads run in the sync's photos phase. */
  readonly photos: PhotoImportService;
  /** Photos imported without a visit, waiting for one. */
  readonly photoInbox: PhotoInbox;
  private readonly photoPipeline: PhotoPipeline;
  private readonly connection: ServerConnection;
  private client: SyncClient;
  private progress: SyncProgressEvent | null = null;
  private lastError: SyncSummary['error'] | null = null;
  /** When the screens were last told that a running pull changed records (monotonic ms). */
  private lastPullNotice = Number.NEGATIVE_INFINITY;
  private pulledNoticed = 0;
  private readonly unsubscribes: (() => void)[] = [];
  private closed = false;
  private readonly clock: Clock;

  constructor(private readonly options: OpenAccountOptions) {
    this.clock = options.clock ?? systemClock;
    const folder = join(options.dataDir, 'accounts');
    mkdirSync(folder, { recursive: true });
    const database = join(folder, `${accountKey(options.account)}.db`);
    this.store = LocalStore.open({
      path: database,
      // 16 MiB of page cache: a larger one costs ~50 MB of RSS and saves no CPU on a first sync (bench:sync).
      cacheKiB: 16 * 1024,
      ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
    });
    // One connection for the sync and the photo uploads: one session, one reachability, one Cancel.
    this.connection = new ServerConnection({
      baseUrl: options.account.serverUrl,
      ...(options.token ? { token: options.token } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    this.photoPipeline = createPhotoPipeline({
      store: this.store,
      libraryDir: libraryFolderOf(database),
      connection: this.connection,
      ...(options.uploadConcurrency ? { concurrency: options.uploadConcurrency } : {}),
      ...(options.photoMaxDistanceMetres ? { maxDistanceMetres: options.photoMaxDistanceMetres } : {}),
    });
    this.photos = new PhotoImportService(this.photoPipeline);
    this.photoInbox = this.photoPipeline.inbox;
    this.photoPipeline.queue.on((progress) => options.hub.emit({ kind: 'photos:progress', progress }));
    this.client = this.connect(options.syncIntervalMinutes);
  }

  get account(): Account {
    return this.options.account;
  }

  /** Starts reachability probes and automatic syncs (at once, then periodically and on reconnect). */
  start(): void {
    this.client.network.start();
    this.client.scheduler.start();
  }

  /**
   * Runs a sync now, or joins the running one. The officer's "Sync now" (`refreshReferenceData`) asks
   * about cached reference data too: pressing it is how new forms arrive before their TTL runs out.
   */
  syncNow(options?: SyncOptions): Promise<SyncSummary> {
    return this.client.scheduler.syncNow(options);
  }

  /**
   * Probes the server now: "Try again now", or the OS said the network came back (`osOnline: true`).
   * The OS saying it is gone (`false`) is proof enough of Offline. Back online, the scheduler syncs.
   */
  checkConnection(osOnline?: boolean): Promise<NetworkState> {
    if (osOnline === false) {
      this.client.network.osNetworkChanged(false);
      return Promise.resolve(this.client.network.state);
    }
    return this.client.network.check();
  }

  cancelSync(): boolean {
    const running = this.client.engine.isRunning;
    this.client.engine.cancel();
    return running;
  }

  /**
   * The computer woke from sleep or its network came back: probe the server now instead of waiting out
   * the probe backoff (up to 5 minutes), on a fresh connection (pooled ones died with the sleep);
   * coming back online starts a sync.
   */
  recheckServer(): void {
    if (this.closed) return;
    this.connection.dropIdleConnections();
    this.client.network.osNetworkChanged(true);
  }

  /** The interval changed: reconnect with the new schedule (a running sync is cancelled and resumes). */
  async reschedule(syncIntervalMinutes: number): Promise<void> {
    const old = this.client;
    const running = old.engine.isRunning ? old.engine.sync() : undefined;
    old.close();
    // Two engines must not sync one store at once: let the cancelled sync end first.
    await running;
    if (this.closed) return;
    for (const off of this.unsubscribes.splice(0)) off();
    this.client = this.connect(syncIntervalMinutes);
    this.start();
  }

  /** A local edit happened: tell the screens, and send it soon when the server is reachable. */
  edited(entities: readonly string[]): void {
    this.options.hub.emit({ kind: 'data:changed', entities: [...entities] });
    this.emitCounts();
    if (!this.closed) this.client.scheduler.nudge(this.options.syncAfterEditMs ?? 1_000);
  }

  queueCounts(): QueueCounts {
    return this.store.read.queueCounts();
  }

  openConflicts(): number {
    return this.store.openConflictCount();
  }

  status(): SyncStatus {
    const synced = Object.values(this.store.lastSyncedAt()).filter((t): t is string => t !== null);
    return {
      connectivity: this.client.network.state,
      running: this.client.engine.isRunning,
      progress: this.progress,
      lastSyncedAt: synced.sort().at(-1) ?? null,
      lastError: this.lastError ?? null,
      queue: this.queueCounts(),
      openConflicts: this.openConflicts(),
    };
  }

  /**
   * Stops syncing and closes the database. A sync that is running is cancelled and waited for, and so
   * are the photo sweeps begun at opening: neither may touch the store after it is closed (a sync's
   * committed pages stay committed).
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.unsubscribes.splice(0)) off();
    const running = this.client.engine.isRunning ? this.client.engine.sync() : undefined;
    this.client.close();
    await running;
    this.connection.close();
    await this.photoPipeline.sweepsDone;
    this.store.close();
  }

  private connect(syncIntervalMinutes: number): SyncClient {
    const { hub } = this.options;
    const client = createSyncClient({
      connection: this.connection,
      store: this.store,
      phases: { photos: this.photoPipeline.phase },
      intervalMs: syncIntervalMinutes * 60_000,
      // The earliest backoff, read in SQL: the outbox may hold 100,000 failed ops.
      nextRetryAt: () => this.store.nextRetryAt(),
      ...(this.options.pageLimit ? { pageLimit: this.options.pageLimit } : {}),
      ...(this.options.backoffs?.probe ? { probeBackoff: this.options.backoffs.probe } : {}),
      ...(this.options.backoffs?.retry ? { retryBackoff: this.options.backoffs.retry } : {}),
    });
    this.unsubscribes.push(
      client.engine.progress.subscribe((event) => {
        this.progress = event;
        hub.emit({ kind: 'sync:progress', progress: event });
        if (event.phase === 'push') this.emitCounts();
        else if (event.phase === 'pull') this.pulling(event.pulled);
      }),
      client.engine.onFinished((summary) => this.finished(summary)),
      client.network.subscribe((event) => {
        hub.emit({ kind: 'connectivity', state: event.state });
        hub.emit({ kind: 'sync:status', status: this.status() });
      }),
    );
    return client;
  }

  /** A long first sync fills the screens as pages land (at most once a second), not only at the end. */
  private pulling(pulled: number): void {
    const now = this.clock.monotonic();
    if (pulled === this.pulledNoticed || now - this.lastPullNotice < 1_000) return;
    this.lastPullNotice = now;
    this.pulledNoticed = pulled;
    this.options.hub.emit({ kind: 'data:changed', entities: entityGraph.ordered.map((d) => d.name) });
  }

  private finished(summary: SyncSummary): void {
    if (this.closed) return;
    this.lastError = summary.error ?? null;
    const { hub } = this.options;
    hub.emit({
      kind: 'sync:finished',
      summary: {
        pulled: summary.pulled,
        pushed: summary.pushed,
        conflicts: summary.conflicts,
        needsAttention: summary.needsAttention,
        pending: summary.pending,
        ms: summary.ms,
        ...(summary.error ? { error: summary.error } : {}),
      },
    });
    if (summary.pulled > 0) this.store.optimize();
    if (summary.pulled > 0 || summary.pushed > 0 || summary.conflicts > 0) {
      hub.emit({ kind: 'data:changed', entities: entityGraph.ordered.map((d) => d.name) });
    }
    this.emitCounts();
    hub.emit({ kind: 'conflicts:changed', open: this.openConflicts() });
    hub.emit({ kind: 'sync:status', status: this.status() });
  }

  private emitCounts(): void {
    this.options.hub.emit({ kind: 'queue:changed', counts: this.queueCounts() });
  }
}

/** One database per server and user; demo mode has one of its own (its server's port changes per run). */
export function accountKey(account: Account): string {
  if (account.demo) return 'demo';
  return createHash('sha256').update(`${account.serverUrl}\n${account.username}`).digest('hex').slice(0, 16);
}
