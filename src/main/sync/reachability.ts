import { type BackoffOptions, backoffDelay } from '../../shared/backoff.js';
import type { AppError, Result } from '../../shared/errors.js';
import type { NetworkState, NetworkStatusEvent } from '../../shared/sync-events.js';
import { createLogger, type Logger } from '../log.js';
import { type Clock, systemClock, systemTimers, type Timers } from './clock.js';
import { isUnreachable } from './transport-error.js';

export interface NetworkServiceOptions {
  /** A cheap request to the sync server, e.g. `api.health({ idleTimeoutMs: 3000 })`. */
  readonly probe: () => Promise<Result<void>>;
  /** Re-probe schedule while the server is unreachable. */
  readonly backoff?: BackoffOptions;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** [0, 1), injected so tests are deterministic. */
  readonly random?: () => number;
  /** Where changes of reachability are logged (default: scope `sync`). */
  readonly logger?: Logger;
}

export type NetworkListener = (event: NetworkStatusEvent) => void;

/**
 * Re-probe schedule while the server is unreachable: 1-2 s, then 2-4 s, then every 4-8 s (jitter in the
 * upper half) however long the outage, so the app is back Online within 10 s of the server (a probe is
 * one small GET /api/health: about 450 requests an hour per PC left offline, nothing next to a sync).
 * The cap once was 5 minutes: after a 2-minute outage officers saw "Offline" for 104 s more.
 */
export const DEFAULT_PROBE_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 8_000 };

/**
 * NetworkService: is the sync server reachable? Judged from real evidence — the outcome of every
 * request the client makes, plus a health probe — because a PC on a dead 2G modem still reports
 * "connected". While the server is unreachable it probes again with exponential backoff and
 * jitter, and announces the way back to `online` (which is what triggers a sync on reconnect).
 */
export class NetworkService {
  private readonly listeners = new Set<NetworkListener>();
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly log: Logger;
  private status: NetworkStatusEvent;
  private failedProbes = 0;
  private timer: unknown;
  private running = false;
  private probing: Promise<NetworkState> | undefined;
  /** Counts pieces of evidence, so a probe that started before newer evidence cannot override it. */
  private evidence = 0;

  constructor(private readonly options: NetworkServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_PROBE_BACKOFF;
    this.log = options.logger ?? createLogger('sync');
    this.status = { kind: 'network-status', state: 'unknown', since: this.clock.now() };
  }

  get state(): NetworkState {
    return this.status.state;
  }

  get current(): NetworkStatusEvent {
    return this.status;
  }

  /** Listens to state changes; returns the unsubscribe function. */
  subscribe(listener: NetworkListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts watching: probes now, and keeps probing while the server is unreachable. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.check();
  }

  stop(): void {
    this.running = false;
    this.cancelTimer();
  }

  /**
   * Evidence from a real request: a transport failure means unreachable; any HTTP answer (even an
   * error status) means the server is there.
   */
  report(outcome: Result<unknown>): void {
    if (!outcome.ok && outcome.error.code === 'CANCELLED') return;
    this.evidence++;
    if (!outcome.ok && isUnreachable(outcome.error)) this.set('offline', outcome.error);
    else this.set('online');
  }

  /** The operating system's network flag: losing it is proof enough; regaining it is only a hint. */
  osNetworkChanged(up: boolean): void {
    if (!up) this.set('offline', { code: 'NETWORK', message: 'This computer has no network connection.' });
    else void this.check();
  }

  /** Probes the server now (joins a probe already running). */
  check(): Promise<NetworkState> {
    const startedAt = this.evidence;
    this.probing ??= this.options
      .probe()
      .then((result) => {
        if (this.evidence === startedAt) this.report(result);
        return this.state;
      })
      .finally(() => {
        this.probing = undefined;
      });
    return this.probing;
  }

  private set(state: NetworkState, error?: AppError): void {
    if (state === 'offline') this.scheduleProbe();
    else {
      this.failedProbes = 0;
      this.cancelTimer();
    }
    if (state === this.status.state) return;
    this.status = { kind: 'network-status', state, since: this.clock.now(), ...(error ? { lastError: error } : {}) };
    if (error) this.log.info(`the server is ${state}: ${error.code} ${error.message}`, error.detail ?? '');
    else this.log.info(`the server is ${state}`);
    for (const listener of this.listeners) listener(this.status);
  }

  private scheduleProbe(): void {
    if (!this.running || this.timer !== undefined) return;
    this.failedProbes++;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        void this.check();
      },
      backoffDelay(this.failedProbes, this.backoff, this.random),
    );
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
