import type { PhotoEvent, PhotoFileProgress, PhotoOverallProgress } from '../../../shared/photo-events.js';

export interface UploadProgressOptions {
  readonly emit: (event: PhotoEvent) => void;
  readonly now?: () => number;
  /** Minimum time between two overall events (file state changes always go out). */
  readonly throttleMs?: number;
  /** Rate is measured over this recent window. */
  readonly windowMs?: number;
}

/**
 * Turns the queue's acknowledgements into progress events: per file on every change of state or
 * acknowledged part, overall at most every `throttleMs`. Counts only grow: a part sent twice is
 * counted once, when the server acknowledges it.
 */
export class UploadProgress {
  private readonly now: () => number;
  private readonly throttleMs: number;
  private readonly windowMs: number;
  private filesTotal = 0;
  private bytesTotal = 0;
  private filesDone = 0;
  private filesFailed = 0;
  private bytesAcked = 0;
  private samples: { t: number; bytes: number }[] = [];
  private lastOverallAt = Number.NEGATIVE_INFINITY;
  private lastOverall: PhotoOverallProgress | undefined;
  private readonly fileAcked = new Map<string, number>();

  constructor(private readonly options: UploadProgressOptions) {
    this.now = options.now ?? Date.now;
    this.throttleMs = options.throttleMs ?? 250;
    this.windowMs = options.windowMs ?? 10_000;
  }

  /** Adds a file to the run's totals, with what the server had already acknowledged of it. */
  addFile(sha256: string, size: number, alreadyAcked: number): void {
    this.filesTotal++;
    this.bytesTotal += size;
    this.bytesAcked += alreadyAcked;
    this.fileAcked.set(sha256, alreadyAcked);
  }

  /** Reports one file's state; `bytesAcked` below what was reported before is ignored. */
  file(event: Omit<PhotoFileProgress, 'kind'>): void {
    const before = this.fileAcked.get(event.sha256) ?? 0;
    const acked = Math.max(before, event.bytesAcked);
    if (acked > before) {
      this.fileAcked.set(event.sha256, acked);
      this.bytesAcked += acked - before;
    }
    if (event.state === 'done') this.filesDone++;
    if (event.state === 'failed') this.filesFailed++;
    this.options.emit({ kind: 'photo-file', ...event, bytesAcked: acked });
    this.overall(event.state === 'done' || event.state === 'failed');
  }

  /** Emits the overall event now (end of a run). */
  flush(): void {
    this.overall(true);
  }

  private overall(force: boolean): void {
    const t = this.now();
    this.samples.push({ t, bytes: this.bytesAcked });
    // Keep the newest sample older than the window, so the rate always spans at least the window.
    while (this.samples.length > 2 && (this.samples[1]?.t ?? t) < t - this.windowMs) this.samples.shift();
    if (!force && t - this.lastOverallAt < this.throttleMs) return;
    const first = this.samples[0] ?? { t, bytes: this.bytesAcked };
    const seconds = (t - first.t) / 1000;
    const rate = seconds > 0 ? (this.bytesAcked - first.bytes) / seconds : 0;
    const left = this.bytesTotal - this.bytesAcked;
    const prev = this.lastOverall;
    const event: PhotoOverallProgress = {
      kind: 'photo-overall',
      filesTotal: this.filesTotal,
      filesDone: Math.max(prev?.filesDone ?? 0, this.filesDone),
      filesFailed: this.filesFailed,
      bytesTotal: this.bytesTotal,
      bytesAcked: Math.max(prev?.bytesAcked ?? 0, this.bytesAcked),
      bytesPerSecond: Math.round(rate),
      etaSeconds: left <= 0 ? 0 : rate > 0 ? Math.ceil(left / rate) : null,
    };
    this.lastOverallAt = t;
    this.lastOverall = event;
    this.options.emit(event);
  }
}
