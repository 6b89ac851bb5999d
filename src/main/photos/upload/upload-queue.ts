import type { AppError } from '../../../shared/errors.js';
import type { PhotoEvent } from '../../../shared/photo-events.js';
import type { UploadedPart } from '../../../shared/protocol/photos.js';
import type { LocalStore, PhotoUploadRow, PhotoUploadRowState } from '../../store/index.js';
import type { LibraryPaths } from '../library-paths.js';
import { type PhotoApi, PhotoApiError } from './photo-api.js';
import { uploadOne } from './upload-one.js';
import { UploadProgress } from './upload-progress.js';

export interface UploadQueueOptions {
  /** The queue's rows, and the library for each file's original name. */
  readonly store: Pick<LocalStore, 'photoUploads' | 'photoLibrary'>;
  readonly api: PhotoApi;
  readonly library: LibraryPaths;
  /** Files uploaded at once (the officer's setting, read at each run so a change applies to the next); default 4. */
  readonly concurrency?: number | (() => number);
  /** Tries per step (part, session call) before a file is given up for this run. */
  readonly maxAttempts?: number;
  /** Retry delay: `baseMs · 2^(attempt−1)` with jitter, capped at `maxMs`. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly now?: () => number;
  readonly random?: () => number;
  readonly throttleMs?: number;
}

/** What one `run()` did. */
export interface UploadRunSummary {
  readonly uploaded: number;
  /** The server already had these blobs: nothing was sent. */
  readonly alreadyThere: number;
  readonly failed: number;
  /** Bytes put on the wire in this run, re-sent parts included. */
  readonly bytesSent: number;
  readonly ms: number;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 4;

/**
 * The persistent photo upload queue. Rows live in `photo_uploads`; the session id and every
 * acknowledged part are written as they happen, so `run()` after a crash, a restart or a dropped
 * network resumes each file from its last acknowledged part. `concurrency` files upload at once.
 */
export class UploadQueue {
  private readonly listeners = new Set<(event: PhotoEvent) => void>();
  private running: Promise<UploadRunSummary> | undefined;

  constructor(private readonly options: UploadQueueOptions) {}

  /** Subscribes to progress events; returns the unsubscribe function. */
  on(listener: (event: PhotoEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Puts failed uploads back in the queue (the network is back, or the officer asks); `which` picks
   * them by their last error (e.g. only transient ones before an automatic sync).
   */
  retryFailed(which: (error: AppError) => boolean = () => true): number {
    return this.options.store.photoUploads.retryFailed(which, this.stamp());
  }

  /** Bytes put on the wire for every upload so far (re-sent parts count again). */
  bytesSentTotal(): number {
    return this.options.store.photoUploads.bytesSentTotal();
  }

  /** Counts of rows by state. */
  counts(): Record<PhotoUploadRowState, number> {
    return this.options.store.photoUploads.counts();
  }

  /** Uploads everything queued; one run at a time (a second call joins the first). */
  run(signal?: AbortSignal): Promise<UploadRunSummary> {
    this.running ??= this.runOnce(signal).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private stamp(): string {
    return new Date(this.now()).toISOString();
  }

  private async runOnce(signal: AbortSignal | undefined): Promise<UploadRunSummary> {
    const { store } = this.options;
    const started = this.now();
    // Rows left `uploading` by a crash or a quit resume like queued ones (their session is kept).
    const rows = store.photoUploads.takeQueued();
    const progress = new UploadProgress({
      emit: (e) => this.emit(e),
      now: this.options.now,
      throttleMs: this.options.throttleMs,
    });
    for (const row of rows) progress.addFile(row.sha256, row.size, row.bytesAcked);
    const names = store.photoLibrary.originalNames(rows.map((r) => r.sha256));
    const summary = { uploaded: 0, alreadyThere: 0, failed: 0, bytesSent: 0 };
    let next = 0;
    const worker = async () => {
      for (let row = rows[next++]; row && !signal?.aborted; row = rows[next++]) {
        const name = names.get(row.sha256) ?? row.sha256;
        const outcome = await this.uploadRow(row, name, progress, signal);
        summary[outcome.kind]++;
        summary.bytesSent += outcome.bytesSent;
      }
    };
    const setting = this.options.concurrency;
    const limit = (typeof setting === 'function' ? setting() : setting) ?? DEFAULT_UPLOAD_CONCURRENCY;
    const workers = Math.max(1, Math.min(limit, rows.length));
    await Promise.all(Array.from({ length: workers }, worker));
    progress.flush();
    return { ...summary, ms: this.now() - started };
  }

  private async uploadRow(
    row: PhotoUploadRow,
    originalName: string,
    progress: UploadProgress,
    signal: AbortSignal | undefined,
  ): Promise<{ kind: 'uploaded' | 'alreadyThere' | 'failed'; bytesSent: number }> {
    const { store, api, library } = this.options;
    const rows = store.photoUploads;
    const { sha256 } = row;
    const base = { sha256, originalName, size: row.size };
    let parts = row.partsDone;
    let acked = row.bytesAcked;
    let sent = 0;
    rows.started(sha256, row.attempts + 1, this.stamp());
    progress.file({ ...base, state: 'uploading', bytesAcked: acked });
    const backoff = this.options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
    const random = this.options.random ?? Math.random;
    try {
      const outcome = await uploadOne(
        api,
        { ...row, path: library.blob(row.sha256) },
        {
          session: (uploadId, partSize, serverParts) => {
            parts = [...serverParts];
            acked = bytesOf(parts);
            rows.session(sha256, uploadId, partSize, parts, this.stamp());
          },
          partDone: (part) => {
            parts = [...parts.filter((p) => p.partNumber !== part.partNumber), part];
            acked = bytesOf(parts);
            rows.partsDone(sha256, parts, this.stamp());
            progress.file({ ...base, state: 'uploading', bytesAcked: acked });
          },
          sent: (bytes) => {
            sent += bytes;
            rows.sent(sha256, bytes);
          },
          retrying: (error) => progress.file({ ...base, state: 'retrying', bytesAcked: acked, error }),
        },
        {
          maxAttempts: this.options.maxAttempts ?? 8,
          delay: (attempt) => {
            const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt - 1, 20));
            return Math.round(cap / 2 + random() * (cap / 2));
          },
          sleep,
          signal,
        },
      );
      rows.done(sha256, row.size, this.stamp());
      progress.file({ ...base, state: 'done', bytesAcked: row.size });
      return { kind: outcome.kind === 'uploaded' ? 'uploaded' : 'alreadyThere', bytesSent: sent };
    } catch (error) {
      const appError = toAppError(error);
      rows.stopped(
        sha256,
        {
          state: signal?.aborted ? 'queued' : 'failed',
          error: appError,
          // A session the server lost (expired, aborted) must not be resumed: start a new one next time.
          forgetSession: appError.code === 'NOT_FOUND' || appError.code === 'VALIDATION',
        },
        this.stamp(),
      );
      progress.file({ ...base, state: 'failed', bytesAcked: acked, error: appError });
      return { kind: 'failed', bytesSent: sent };
    }
  }

  private emit(event: PhotoEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function bytesOf(parts: readonly UploadedPart[]): number {
  return parts.reduce((n, p) => n + p.size, 0);
}

function toAppError(error: unknown): AppError {
  if (error instanceof PhotoApiError) return error.error;
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return { code: 'CANCELLED', message: 'Upload cancelled.' };
  if (e?.code === 'ENOENT')
    return { code: 'FILE', message: 'The library copy of this photo is missing.', detail: e.message };
  return { code: 'INTERNAL', message: 'The upload failed unexpectedly.', detail: String(e?.stack ?? e) };
}

/** Waits `ms`, or rejects early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
