import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { entityGraph } from '../../shared/entity-graph.js';
import { type AppError, AppErrorException, type Result } from '../../shared/errors.js';
import type { SyncSummary } from '../../shared/sync-events.js';
import { createLogger, type Logger } from '../log.js';
import { type Clock, systemClock } from './clock.js';
import { type ProgressUpdate, SyncProgress } from './progress.js';
import { ReferenceCache } from './reference-cache.js';
import type { ConnectionStats } from './server-connection.js';
import { runRounds, type SyncTransport, type Tally } from './sync-rounds.js';
import type { SyncStore } from './sync-store.js';

/** What a pluggable phase (photos) gets from the engine. */
export interface PhaseContext {
  readonly signal: AbortSignal;
  /** Progress of this phase in its own units (e.g. photos uploaded of total), and its bytes when it has files. */
  report(done: number, total?: number, bytes?: { readonly done: number; readonly total: number }): void;
}

/** A phase beyond pull and push; an expected failure is returned (or thrown as `AppErrorException`). */
export type SyncPhaseRunner = (ctx: PhaseContext) => Promise<Result<void> | undefined>;

export interface SyncServiceOptions {
  readonly store: SyncStore;
  readonly api: SyncTransport & { stats(): ConnectionStats };
  readonly progress?: SyncProgress;
  readonly cache?: ReferenceCache;
  readonly graph?: EntityGraph;
  readonly clock?: Clock;
  readonly phases?: { readonly photos?: SyncPhaseRunner };
  readonly pushBatchSize?: number;
  readonly pageLimit?: number;
  /** Where rounds, retries and each sync's outcome are logged (default: scope `sync`). */
  readonly logger?: Logger;
}

/** Told once per sync, after its last progress event, with what it did. */
export type FinishedListener = (summary: SyncSummary) => void;

export interface SyncOptions {
  /** Ask about reference data too, whatever the cache's TTL says ("Sync now"). */
  readonly refreshReferenceData?: boolean;
}

/**
 * SyncService: runs one sync at a time — a second `sync()` while one runs joins it and gets the same
 * summary — through the phases pull → push → photos, cancellable at any await. Expected failures
 * end the sync with `summary.error`; whatever was committed before stays committed.
 */
export class SyncService {
  readonly progress: SyncProgress;
  private readonly cache: ReferenceCache;
  private readonly clock: Clock;
  private readonly log: Logger;
  private running: { promise: Promise<SyncSummary>; controller: AbortController } | undefined;
  private syncCount = 0;
  private last: SyncSummary | undefined;
  private readonly finishedListeners = new Set<FinishedListener>();

  constructor(private readonly options: SyncServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? createLogger('sync');
    this.progress = options.progress ?? new SyncProgress({ clock: this.clock });
    this.cache = options.cache ?? new ReferenceCache({ graph: options.graph ?? entityGraph });
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The summary of the last finished sync. */
  get lastSummary(): SyncSummary | undefined {
    return this.last;
  }

  /**
   * Listens to the end of every sync: one call per sync, with its summary, after the progress
   * stream's closing `idle` event. Returns the unsubscribe function.
   */
  onFinished(listener: FinishedListener): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /** Runs a sync, or joins the one running. Never rejects for expected failures. */
  sync(options: SyncOptions = {}): Promise<SyncSummary> {
    if (this.running) return this.running.promise;
    const controller = new AbortController();
    const promise = this.run(++this.syncCount, controller.signal, options).then(
      (summary) => {
        // Not running any more when listeners hear the end: one may start the next sync at once.
        this.running = undefined;
        for (const listener of this.finishedListeners) listener(summary);
        return summary;
      },
      (thrown: unknown) => {
        this.running = undefined;
        throw thrown;
      },
    );
    this.running = { promise, controller };
    return promise;
  }

  /** Cancels the running sync (it ends with a `CANCELLED` error). */
  cancel(): void {
    this.running?.controller.abort();
  }

  private async run(syncId: number, signal: AbortSignal, options: SyncOptions): Promise<SyncSummary> {
    const { store, api } = this.options;
    const started = this.clock.monotonic();
    const before = api.stats();
    const tally: Tally = { pulled: 0, pushed: 0, conflicts: 0 };
    const wire = () => {
      const now = api.stats();
      return {
        requests: now.requests - before.requests,
        bytesUp: now.bytesUp - before.bytesUp,
        bytesDown: now.bytesDown - before.bytesDown,
      };
    };
    const report = (update: ProgressUpdate) => this.progress.update({ ...update, ...wire() });
    if (options.refreshReferenceData) this.cache.invalidate();
    this.progress.begin(syncId);

    let error: AppError | undefined;
    try {
      const rounds = await runRounds({
        store,
        api,
        cache: this.cache,
        signal,
        tally,
        report,
        log: this.log,
        ...(this.options.pushBatchSize ? { pushBatchSize: this.options.pushBatchSize } : {}),
        ...(this.options.pageLimit ? { pageLimit: this.options.pageLimit } : {}),
      });
      if (!rounds.ok) error = rounds.error;
      else error = await this.runPhotos(signal, report);
    } catch (thrown) {
      if (!(thrown instanceof AppErrorException)) throw thrown;
      error = thrown.error;
    }

    const counts = store.outboxCounts();
    const summary: SyncSummary = {
      syncId,
      ...tally,
      needsAttention: counts.needs_attention,
      pending: counts.pending + counts.failed + counts.in_flight,
      ...wire(),
      ms: Math.round(this.clock.monotonic() - started),
      ...(error ? { error } : {}),
    };
    this.last = summary;
    this.logOutcome(summary);
    this.progress.end({ pulled: tally.pulled, pushed: tally.pushed, ...wire() });
    return summary;
  }

  private logOutcome({ syncId, error, ...figures }: SyncSummary): void {
    if (!error) this.log.info(`sync ${syncId} done`, figures);
    else if (error.code === 'CANCELLED') this.log.info(`sync ${syncId} cancelled`, figures);
    else this.log.warn(`sync ${syncId} stopped: ${error.code} ${error.message}`, { ...figures, detail: error.detail });
  }

  private async runPhotos(signal: AbortSignal, report: (u: ProgressUpdate) => void): Promise<AppError | undefined> {
    const photos = this.options.phases?.photos;
    if (!photos) return undefined;
    report({ phase: 'photos', done: 0 });
    const result = await photos({
      signal,
      report: (done, total, bytes) =>
        report({
          phase: 'photos',
          done,
          ...(total === undefined ? {} : { total }),
          ...(bytes === undefined ? {} : { bytesDone: bytes.done, bytesTotal: bytes.total }),
        }),
    });
    return result && !result.ok ? result.error : undefined;
  }
}
