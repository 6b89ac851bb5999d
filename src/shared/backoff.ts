/** Exponential backoff settings. */
export interface BackoffOptions {
  /** Delay cap of the first retry. */
  readonly baseMs: number;
  /** No delay exceeds this. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): exponential with "equal jitter", i.e. a
 * random point in the upper half of `min(maxMs, baseMs · 2^(attempt−1))`. The jitter spreads
 * a district's PCs that lost the server at the same moment; the lower bound keeps the growth.
 * `random` returns [0, 1) and is injected so tests are deterministic.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}
