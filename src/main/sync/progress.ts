import { SYNC_PHASES, type SyncPhase, type SyncProgressEvent } from '../../shared/sync-events.js';
import { type Clock, systemClock, systemTimers, type Timers } from './clock.js';

/** A change the engine reports; counters are absolute values for this sync, not increments. */
export type ProgressUpdate = Partial<Omit<SyncProgressEvent, 'kind' | 'syncId' | 'elapsedMs'>>;

export type ProgressListener = (event: SyncProgressEvent) => void;

export interface SyncProgressOptions {
  /** Minimum gap between two events (100 ms = at most 10 per second). */
  readonly intervalMs?: number;
  readonly clock?: Clock;
  readonly timers?: Timers;
}

const COUNTERS = ['pulled', 'pushed', 'requests', 'bytesDown', 'bytesUp'] as const;

/**
 * The sync progress stream the IPC layer forwards as is. It throttles updates within a phase to one
 * per interval (a first sync applies thousands of records a second; the UI needs ten updates) while
 * a phase change goes out at once, and it never goes backwards: the phase only moves forward, and
 * `done` and every counter only grow within a sync.
 */
export class SyncProgress {
  private readonly listeners = new Set<ProgressListener>();
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private state: SyncProgressEvent | undefined;
  private startedAt = 0;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private timer: unknown;

  constructor(options: SyncProgressOptions = {}) {
    this.intervalMs = options.intervalMs ?? 100;
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
  }

  /** Listens to every event from now on; returns the unsubscribe function. */
  subscribe(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest state (also between throttled emissions). */
  get current(): SyncProgressEvent | undefined {
    return this.state;
  }

  /** Starts the events of a new sync at phase `pull` with every counter at zero. */
  begin(syncId: number): void {
    this.cancelTimer();
    this.startedAt = this.clock.monotonic();
    this.state = {
      kind: 'sync-progress',
      syncId,
      phase: 'pull',
      done: 0,
      pulled: 0,
      pushed: 0,
      requests: 0,
      bytesDown: 0,
      bytesUp: 0,
      elapsedMs: 0,
    };
    this.emitNow();
  }

  /** Merges an update, keeping everything monotonic, and emits within the throttle. */
  update(update: ProgressUpdate): void {
    const phaseMoves = this.merge(update);
    // A new phase is news at once (a few per sync); updates within a phase wait for the throttle.
    if (phaseMoves) {
      this.cancelTimer();
      this.emitNow();
    } else if (this.state) this.schedule();
  }

  /**
   * Ends the sync: phase `idle`, emitted once and at once so listeners always see the final figures.
   * The end of a sync is told by the engine's `finished` event, not by this one.
   */
  end(update: ProgressUpdate = {}): void {
    if (!this.state) return;
    this.merge({ ...update, phase: 'idle' });
    this.cancelTimer();
    this.emitNow();
  }

  /** Folds an update into the state; true when it moved the phase forward. */
  private merge(update: ProgressUpdate): boolean {
    const prev = this.state;
    if (!prev) return false;
    const phaseMoves = update.phase !== undefined && rank(update.phase) > rank(prev.phase);
    const samePhase = update.phase === undefined || update.phase === prev.phase;
    const next: { -readonly [K in keyof SyncProgressEvent]: SyncProgressEvent[K] } = { ...prev };
    if (phaseMoves && update.phase) {
      next.phase = update.phase;
      next.done = update.done ?? 0;
      next.total = update.total;
      next.collection = update.collection;
      next.bytesDone = update.bytesDone;
      next.bytesTotal = update.bytesTotal;
    } else if (samePhase) {
      if (update.bytesDone !== undefined) next.bytesDone = Math.max(prev.bytesDone ?? 0, update.bytesDone);
      if (update.bytesTotal !== undefined) next.bytesTotal = Math.max(update.bytesTotal, next.bytesDone ?? 0);
      if (update.done !== undefined) next.done = Math.max(prev.done, update.done);
      if (update.total !== undefined) next.total = Math.max(update.total, next.done);
      if (update.collection !== undefined) next.collection = update.collection;
    }
    // Once a sync has started downloading everything again, it says so until its end.
    if (update.resync) next.resync = true;
    for (const key of COUNTERS) {
      const value = update[key];
      if (value !== undefined) next[key] = Math.max(prev[key], value);
    }
    next.elapsedMs = Math.max(prev.elapsedMs, Math.round(this.clock.monotonic() - this.startedAt));
    this.state = next;
    return phaseMoves;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = this.lastEmit + this.intervalMs - this.clock.monotonic();
    if (wait <= 0) {
      this.emitNow();
      return;
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.emitNow();
    }, wait);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private emitNow(): void {
    const event = this.state;
    if (!event) return;
    this.lastEmit = this.clock.monotonic();
    for (const listener of this.listeners) listener(event);
  }
}

function rank(phase: SyncPhase): number {
  return SYNC_PHASES.indexOf(phase);
}
