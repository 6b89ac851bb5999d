/**
 * A token bucket for emulating a link's bandwidth. Tokens are bytes; they refill from elapsed time (not
 * from timer ticks), so late timers never make the link slower or faster than its rate.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  /** When the caller told to wait (`waitFor`) expected its timer to fire. */
  private dueAt: number | undefined;

  /** `bytesPerSecond` 0 or less means unlimited. */
  constructor(private bytesPerSecond: number) {
    this.tokens = this.unlimited ? 0 : this.quantum();
  }

  get unlimited(): boolean {
    return this.bytesPerSecond <= 0;
  }

  setRate(bytesPerSecond: number): void {
    this.refill();
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  /**
   * Bytes the link carries per write: 20 ms worth, so a burst after idle stays small next to the rate
   * and a slow link still delivers data steadily (as a real one does) instead of in big lumps.
   */
  quantum(): number {
    return this.unlimited ? Number.POSITIVE_INFINITY : Math.max(64, Math.floor(this.bytesPerSecond / 50));
  }

  /** Takes up to `wanted` bytes; returns how many may be sent now (0 when the caller must wait). */
  take(wanted: number): number {
    if (this.unlimited) return wanted;
    this.refill();
    if (this.tokens < Math.min(wanted, this.quantum())) return 0;
    // Take what has accumulated (a late timer must not cost throughput), at most two quanta.
    const bytes = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= bytes;
    return bytes;
  }

  /** Milliseconds until `wanted` bytes (capped at one quantum) will be available. */
  waitFor(wanted: number): number {
    if (this.unlimited) return 0;
    this.refill();
    const missing = Math.min(wanted, this.quantum()) - this.tokens;
    const ms = Math.max(1, Math.ceil((missing / this.bytesPerSecond) * 1000));
    this.dueAt = performance.now() + ms;
    return ms;
  }

  /** Two quanta: room for what a late timer let accumulate, yet a burst after idle stays at 40 ms of data. */
  private capacity(): number {
    return this.unlimited ? 0 : 2 * this.quantum();
  }

  /**
   * Adds the tokens of the time elapsed, up to the capacity; plus, when our own timer fired late (a
   * busy CPU held the event loop), the lateness in full: a starved process must not make the link
   * slower than its rate, while idle time still never turns into a big burst.
   */
  private refill(): void {
    const now = performance.now();
    if (!this.unlimited) {
      const late = this.dueAt === undefined ? 0 : Math.max(0, now - this.dueAt);
      const capacity = this.capacity() + (late * this.bytesPerSecond) / 1000;
      this.tokens = Math.min(capacity, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000);
    }
    this.dueAt = undefined;
    this.last = now;
  }
}
