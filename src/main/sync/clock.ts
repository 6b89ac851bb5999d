/**
 * Time as the sync engine sees it, injected so tests are deterministic and a client clock off by
 * a day changes nothing: durations use `monotonic()`, never the wall clock.
 */
export interface Clock {
  /** Wall clock, epoch ms (shown to people; never used to order data). */
  now(): number;
  /** Monotonic ms for durations and timers. */
  monotonic(): number;
}

/** Timer functions, injected beside the clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry or periodic sync must not keep a CLI or test process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
