import { availableParallelism } from 'node:os';

/** How hard the public login route may be pushed (per server process; see docs/SERVER.md). */
export interface LoginLimits {
  /** Login requests per client address per minute (any outcome). */
  readonly perAddressPerMinute: number;
  /** Login requests naming one username per minute (any outcome, from any address). */
  readonly perUsernamePerMinute: number;
  /** Wrong passwords in a row allowed before a lockout. */
  readonly freeFailures: number;
  /** First lockout; each further failure doubles it, up to `maxLockoutMs`. */
  readonly firstLockoutMs: number;
  readonly maxLockoutMs: number;
  /**
   * scrypt verifications running at once (each costs 16 MiB and a core for ~50 ms); `'auto'`: the
   * machine's cores − 1, at least 1 and at most 4 (resolved at start, so the documented limits do not
   * depend on the machine that generated them).
   */
  readonly concurrentHashes: number | 'auto';
  /** Logins waiting for a hashing slot; beyond it the login is answered 503. */
  readonly queuedHashes: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddressPerMinute: 60,
  perUsernamePerMinute: 20,
  freeFailures: 5,
  firstLockoutMs: 2_000,
  maxLockoutMs: 15 * 60_000,
  concurrentHashes: 'auto',
  queuedHashes: 64,
};

/** The number of hashing slots `concurrentHashes` means on this machine. */
export function hashSlots(limits: Pick<LoginLimits, 'concurrentHashes'>): number {
  return limits.concurrentHashes === 'auto'
    ? Math.max(1, Math.min(4, availableParallelism() - 1))
    : limits.concurrentHashes;
}

interface Failures {
  count: number;
  lockedUntil: number;
  last: number;
}

/** Entries kept at most; the oldest go first (a flood of made-up usernames cannot grow memory). */
const MAX_TRACKED = 10_000;

/**
 * Wrong-password lockouts, by key (a username, a client address): after `freeFailures` failures in
 * a row each further one locks the key out for twice as long as the last (2 s, 4 s, 8 s … 15 min).
 * A locked key is refused before any password is hashed; a success clears it.
 */
export class LoginLockout {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly limits: LoginLimits) {}

  /** Milliseconds until the key may try again (0: now). */
  waitFor(key: string, now: number): number {
    const entry = this.failures.get(key);
    return entry ? Math.max(0, entry.lockedUntil - now) : 0;
  }

  failed(key: string, now: number): void {
    const known = this.failures.get(key);
    // Failures long ago are forgiven: an address shared by an office is not punished for last week.
    const entry =
      known && now - known.last < this.limits.maxLockoutMs ? known : { count: 0, lockedUntil: 0, last: now };
    this.failures.delete(key);
    entry.count++;
    entry.last = now;
    const over = entry.count - this.limits.freeFailures;
    if (over > 0) {
      entry.lockedUntil = now + Math.min(this.limits.maxLockoutMs, this.limits.firstLockoutMs * 2 ** (over - 1));
    }
    this.failures.set(key, entry);
    if (this.failures.size > MAX_TRACKED) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}

/**
 * Requests per key in fixed one-minute windows (the per-username limit: @fastify/rate-limit runs one
 * limiter per request, and it has the per-address one).
 */
export class MinuteWindow {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly max: number) {}

  /** Counts a request; returns the milliseconds to wait when it is over the limit, else 0. */
  hit(key: string, now: number): number {
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      this.windows.delete(key);
      entry = { count: 0, resetAt: now + 60_000 };
      this.windows.set(key, entry);
      if (this.windows.size > MAX_TRACKED) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
    }
    entry.count++;
    return entry.count > this.max ? entry.resetAt - now : 0;
  }
}

/** Thrown when every hashing slot is taken and the queue is full. */
export class HashingBusy extends Error {
  constructor() {
    super('Too many sign-ins are being checked at once');
    this.name = 'HashingBusy';
  }
}

/**
 * Bounds the password hashes computed at once, so a flood of logins queues instead of taking every
 * core and all memory; a full queue is refused at once rather than waiting without end.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly slots: number,
    private readonly queue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.queue) throw new HashingBusy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
