import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../../shared/backoff.js';
import type { SyncSummary } from '../../shared/sync-events.js';
import { createLogger, type Logger } from '../log.js';
import { type Clock, systemClock, systemTimers, type Timers } from './clock.js';
import type { NetworkService } from './reachability.js';
import type { SyncOptions } from './sync-engine.js';
import { isTransient } from './transport-error.js';

export interface SyncSchedulerOptions {
  readonly network: NetworkService;
  /** Runs one sync (the engine joins concurrent calls). */
  readonly sync: (options?: SyncOptions) => Promise<SyncSummary>;
  /** Gap between periodic syncs while everything works. */
  readonly intervalMs?: number;
  /** Retry schedule after a failed sync. */
  readonly backoff?: BackoffOptions;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly random?: () => number;
  /** Where retries are logged (default: scope `sync`). */
  readonly logger?: Logger;
  /**
   * Wall-clock time (epoch ms) the earliest outbox operation backing off after a failure may be sent
   * again, or null: a sync that went through but left such operations runs again then, not at the
   * next periodic sync minutes later.
   */
  readonly nextRetryAt?: () => number | null;
}

/**
 * When to sync on its own: at once when the server becomes reachable again, periodically while it
 * is, and after a failure again with exponential backoff and jitter (so a district's PCs do not
 * all hammer a server that just came back). While the server is unreachable it waits for the
 * network service, which probes on its own schedule.
 */
export class SyncScheduler {
  private readonly intervalMs: number;
  private readonly backoff: BackoffOptions;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly log: Logger;
  private failures = 0;
  private timer: unknown;
  private due: number | undefined;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<SyncSummary> | undefined;
  /** A nudge that arrived during a sync: plan it once that sync has planned the next one. */
  private nudgedDuringRun: number | undefined;
  /** Between the start of a sync and the (synchronous) planning after it. */
  private syncing = false;

  constructor(private readonly options: SyncSchedulerOptions) {
    this.intervalMs = options.intervalMs ?? 5 * 60_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.log = options.logger ?? createLogger('sync');
  }

  /** Monotonic time of the next automatic sync, if one is planned. */
  get nextSyncAt(): number | undefined {
    return this.due;
  }

  /** Consecutive failed syncs (resets on success). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (this.unsubscribe) return;
    let previous = this.options.network.state;
    this.unsubscribe = this.options.network.subscribe((event) => {
      // Reconnecting is a reason to sync; the first evidence of being online (from `unknown`) is not.
      if (event.state === 'online' && previous === 'offline') void this.syncNow();
      if (event.state === 'offline') this.cancel();
      previous = event.state;
    });
    if (this.options.network.state !== 'offline') this.plan(0);
  }

  /**
   * Something worth sending soon happened (a local edit): sync within `delayMs` while the server is
   * reachable. A sync already planned sooner stays; while offline the reconnect sends it.
   */
  nudge(delayMs: number): void {
    if (!this.unsubscribe || this.options.network.state === 'offline') return;
    if (this.syncing) {
      this.nudgedDuringRun = Math.min(this.nudgedDuringRun ?? delayMs, delayMs);
      return;
    }
    this.planWithin(delayMs);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.cancel();
  }

  /**
   * Syncs now ("Sync now", reconnect), then plans the next automatic sync from the outcome. `options`
   * apply when this call starts the sync; a call while one runs joins it.
   */
  syncNow(options?: SyncOptions): Promise<SyncSummary> {
    this.running ??= this.run(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(options?: SyncOptions): Promise<SyncSummary> {
    this.cancel();
    this.syncing = true;
    let summary: SyncSummary;
    try {
      summary = await this.options.sync(options);
    } finally {
      this.syncing = false;
    }
    if (!summary.error) this.failures = 0;
    else if (summary.error.code !== 'CANCELLED') this.failures++;
    if (!this.unsubscribe) return summary;
    if (summary.error && isTransient(summary.error) && this.options.network.state === 'offline') {
      this.log.info('sync waits for the server to be reachable again');
      return summary; // the network service calls us back when the server is reachable again
    }
    if (this.failures === 0) {
      this.plan(this.intervalMs);
      if (!summary.error && summary.pending > 0) this.planRetryOfBackedOffOps();
    } else {
      const delay = backoffDelay(this.failures, this.backoff, this.random);
      this.log.info(`sync failed ${this.failures} time(s) in a row: trying again in ${Math.round(delay / 1000)} s`);
      this.plan(delay);
    }
    const nudged = this.nudgedDuringRun;
    this.nudgedDuringRun = undefined;
    if (nudged !== undefined && this.options.network.state !== 'offline') this.planWithin(nudged);
    return summary;
  }

  /** The sync went through but left operations backing off: sync again when the first is due. */
  private planRetryOfBackedOffOps(): void {
    const due = this.options.nextRetryAt?.();
    if (due === null || due === undefined) return;
    this.planWithin(Math.max(0, due - this.clock.now()) + 250);
  }

  /** Plans a sync in `delayMs` unless one is already planned sooner. */
  private planWithin(delayMs: number): void {
    if (this.due !== undefined && this.due <= this.clock.monotonic() + delayMs) return;
    this.plan(delayMs);
  }

  private plan(delayMs: number): void {
    this.cancel();
    this.due = this.clock.monotonic() + delayMs;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.due = undefined;
      void this.syncNow();
    }, delayMs);
  }

  private cancel(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.due = undefined;
  }
}
