import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { AppError } from '../../../shared/errors.js';
import type { PhotoEvent } from '../../../shared/photo-events.js';
import type { LibraryPaths } from '../library-paths.js';
import { photoLibrary, photoUploads } from '../schema.js';
import { type PhotoApi, PhotoApiError } from './photo-api.js';
import { uploadOne } from './upload-one.js';
import { UploadProgress } from './upload-progress.js';

export interface UploadQueueOptions {
  readonly db: BetterSQLite3Database;
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
    const failed = this.options.db.select().from(photoUploads).where(eq(photoUploads.state, 'failed')).all();
    const chosen = failed.filter((r) => !r.lastError || which(r.lastError)).map((r) => r.sha256);
    if (chosen.length === 0) return 0;
    return this.options.db
      .update(photoUploads)
      .set({ state: 'queued', updatedAt: new Date(this.now()).toISOString() })
      .where(inArray(photoUploads.sha256, chosen))
      .run().changes;
  }

  /** Bytes put on the wire for every upload so far (re-sent parts count again). */
  bytesSentTotal(): number {
    const [row] = this.options.db
      .select({ n: sql<number>`coalesce(sum(${photoUploads.bytesSent}), 0)` })
      .from(photoUploads)
      .all();
    return row?.n ?? 0;
  }

  /** Counts of rows by state. */
  counts(): Record<'queued' | 'uploading' | 'done' | 'failed', number> {
    const rows = this.options.db
      .select({ state: photoUploads.state, n: sql<number>`count(*)` })
      .from(photoUploads)
      .groupBy(photoUploads.state)
      .all();
    const counts = { queued: 0, uploading: 0, done: 0, failed: 0 };
    for (const r of rows) counts[r.state] = r.n;
    return counts;
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

  private async runOnce(signal: AbortSignal | undefined): Promise<UploadRunSummary> {
    const { db } = this.options;
    const started = this.now();
    // Rows left `uploading` by a crash or a quit resume like queued ones (their session is kept).
    db.update(photoUploads).set({ state: 'queued' }).where(eq(photoUploads.state, 'uploading')).run();
    const rows = db
      .select()
      .from(photoUploads)
      .where(eq(photoUploads.state, 'queued'))
      .orderBy(asc(photoUploads.createdAt))
      .all();
    const progress = new UploadProgress({
      emit: (e) => this.emit(e),
      now: this.options.now,
      throttleMs: this.options.throttleMs,
    });
    for (const row of rows) progress.addFile(row.sha256, row.size, row.bytesAcked);
    const names = new Map(
      db
        .select({ sha256: photoLibrary.sha256, name: photoLibrary.originalName })
        .from(photoLibrary)
        .where(
          inArray(
            photoLibrary.sha256,
            rows.map((r) => r.sha256),
          ),
        )
        .all()
        .map((r) => [r.sha256, r.name]),
    );
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
    row: typeof photoUploads.$inferSelect,
    originalName: string,
    progress: UploadProgress,
    signal: AbortSignal | undefined,
  ): Promise<{ kind: 'uploaded' | 'alreadyThere' | 'failed'; bytesSent: number }> {
    const { db, api, library } = this.options;
    const where = eq(photoUploads.sha256, row.sha256);
    const stamp = () => new Date(this.now()).toISOString();
    const base = { sha256: row.sha256, originalName, size: row.size };
    let parts = row.partsDone;
    let acked = row.bytesAcked;
    let sent = 0;
    db.update(photoUploads)
      .set({ state: 'uploading', attempts: row.attempts + 1, updatedAt: stamp() })
      .where(where)
      .run();
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
            acked = parts.reduce((n, p) => n + p.size, 0);
            db.update(photoUploads)
              .set({ uploadId, partSize, partsDone: parts, bytesAcked: acked, updatedAt: stamp() })
              .where(where)
              .run();
          },
          partDone: (part) => {
            parts = [...parts.filter((p) => p.partNumber !== part.partNumber), part];
            acked = parts.reduce((n, p) => n + p.size, 0);
            db.update(photoUploads).set({ partsDone: parts, bytesAcked: acked, updatedAt: stamp() }).where(where).run();
            progress.file({ ...base, state: 'uploading', bytesAcked: acked });
          },
          sent: (bytes) => {
            sent += bytes;
            db.update(photoUploads)
              .set({ bytesSent: sql`${photoUploads.bytesSent} + ${bytes}` })
              .where(where)
              .run();
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
      db.update(photoUploads)
        .set({ state: 'done', bytesAcked: row.size, lastError: null, updatedAt: stamp() })
        .where(where)
        .run();
      progress.file({ ...base, state: 'done', bytesAcked: row.size });
      return { kind: outcome.kind === 'uploaded' ? 'uploaded' : 'alreadyThere', bytesSent: sent };
    } catch (error) {
      const appError = toAppError(error);
      // A session the server lost (expired, aborted) must not be resumed: start a new one next time.
      const forget =
        appError.code === 'NOT_FOUND' || appError.code === 'VALIDATION'
          ? { uploadId: null, partsDone: [], bytesAcked: 0 }
          : {};
      const state = signal?.aborted ? 'queued' : 'failed';
      db.update(photoUploads)
        .set({ state, lastError: appError, updatedAt: stamp(), ...forget })
        .where(where)
        .run();
      progress.file({ ...base, state: 'failed', bytesAcked: acked, error: appError });
      return { kind: 'failed', bytesSent: sent };
    }
  }

  private emit(event: PhotoEvent): void {
    for (const listener of this.listeners) listener(event);
  }
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
