import type { Socket } from 'node:net';
import type { TokenBucket } from './token-bucket.js';

export type Direction = 'up' | 'down';

/** What a lane asks of the proxy it belongs to. */
export interface LaneLink {
  latencyMs(): number;
  stalled(): boolean;
  bucket(direction: Direction): TokenBucket;
  /** Clips a write to what a pending cut still allows (0 while a cut is firing). */
  clip(direction: Direction, bytes: number): number;
  /** Counts forwarded bytes; returns true when this write used up a pending cut's budget. */
  forwarded(direction: Direction, bytes: number): boolean;
  /** The cut's last byte is in the kernel: close every connection. */
  fireCut(): void;
}

/** Bytes queued in a lane before its source is paused, so TCP flow control reaches the real sender. */
const HIGH_WATER = 64 * 1024;

/**
 * One direction of one proxied connection: data (and the end-of-stream) wait out the latency, then leave at
 * the link's rate, in order. A queue per lane keeps ordering; latency is stamped on arrival, so it delays
 * every byte by the same one-way time, as a long link does.
 */
export class Lane {
  private readonly queue: { data: Buffer | null; at: number }[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingDrain = false;
  private endQueued = false;

  constructor(
    readonly direction: Direction,
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly link: LaneLink,
  ) {}

  /** Queues data, or `null` for the source's end (half-close travels like data, after it). */
  push(data: Buffer | null): void {
    if (data === null) {
      if (this.endQueued) return;
      this.endQueued = true;
    } else {
      this.queued += data.length;
      if (this.queued > HIGH_WATER) this.from.pause();
    }
    this.queue.push({ data, at: performance.now() + this.link.latencyMs() });
    if (this.queue.length === 1) this.pump();
  }

  /** Sends what the latency, the rate and a pending cut allow now, then waits for the next opportunity. */
  pump = (): void => {
    this.clearTimer();
    while (this.queue.length > 0 && !this.to.destroyed && !this.waitingDrain && !this.link.stalled()) {
      const head = this.queue[0] as { data: Buffer | null; at: number };
      const wait = head.at - performance.now();
      if (wait > 0) {
        this.schedule(wait);
        return;
      }
      if (head.data === null) {
        this.queue.shift();
        this.to.end();
        return;
      }
      const bucket = this.link.bucket(this.direction);
      const allowed = bucket.take(head.data.length);
      if (allowed === 0) {
        this.schedule(bucket.waitFor(head.data.length));
        return;
      }
      const bytes = this.link.clip(this.direction, allowed);
      if (bytes === 0) return;
      const chunk = head.data.subarray(0, bytes);
      head.data = head.data.subarray(bytes);
      if (head.data.length === 0) this.queue.shift();
      this.queued -= bytes;
      if (this.queued <= HIGH_WATER / 2 && this.from.isPaused()) this.from.resume();
      const cutReached = this.link.forwarded(this.direction, bytes);
      const flushed = this.to.write(chunk, cutReached ? () => this.link.fireCut() : undefined);
      if (cutReached) return;
      if (!flushed) {
        this.waitingDrain = true;
        this.to.once('drain', () => {
          this.waitingDrain = false;
          this.pump();
        });
      }
    }
  };

  /** Drops queued data (the connection is gone). */
  dispose(): void {
    this.clearTimer();
    this.queue.length = 0;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(this.pump, Math.max(1, Math.ceil(ms)));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
