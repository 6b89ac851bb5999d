import { setTimeout as wait } from 'node:timers/promises';
import { type BackoffOptions, backoffDelay } from '../../../shared/backoff.js';
import { type AppError, err, type Result } from '../../../shared/errors.js';
import type { PhotoEvent } from '../../../shared/photo-events.js';
import { MAX_HELD_QUERY, type UploadedPart } from '../../../shared/protocol/photos.js';
import { createLogger, type Logger } from '../../log.js';
import type { LocalStore, PhotoUploadRow, PhotoUploadRowState } from '../../store/index.js';
import type { LibraryPaths } from '../library-paths.js';
import type { PhotoApi } from './photo-api.js';
import { type UploadHooks, type UploadJob, type UploadPolicy, uploadOne } from './upload-one.js';
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
  /** Retry delays (`backoffDelay`: exponential with jitter); default 1 s doubling up to a minute. */
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly throttleMs?: number;
  /** Where retries and failed uploads are logged (default: scope `photos`). */
  readonly logger?: Logger;
}

/** What the server said of a photo before the run (see `UploadJob.known`). */
type Known = NonNullable<UploadJob['known']>;

/** What an upload has done so far, as its hooks update it. */
interface FileState {
  parts: readonly UploadedPart[];
  acked: number;
  sent: number;
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

  private readonly log: Logger;

  constructor(private readonly options: UploadQueueOptions) {
    this.log = options.logger ?? createLogger('photos');
  }

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
    const known = await this.askServer(rows, signal);
    const summary = { uploaded: 0, alreadyThere: 0, failed: 0, bytesSent: 0 };
    let next = 0;
    const worker = async () => {
      for (let row = rows[next++]; row && !signal?.aborted; row = rows[next++]) {
        const name = names.get(row.sha256) ?? row.sha256;
        const outcome = await this.uploadRow(row, name, progress, signal, known.get(row.sha256));
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

  /**
   * What the server says of the photos that start afresh (no session to resume), asked in batches of
   * `MAX_HELD_QUERY` instead of once per photo. A server that cannot say (an older one, a network
   * failure) leaves them unknown: each is then asked about on its own, as before.
   */
  private async askServer(
    rows: readonly PhotoUploadRow[],
    signal: AbortSignal | undefined,
  ): Promise<Map<string, Known>> {
    const known = new Map<string, Known>();
    const fresh = rows.filter((r) => r.uploadId === null);
    for (let at = 0; at < fresh.length && !signal?.aborted; at += MAX_HELD_QUERY) {
      const batch = fresh.slice(at, at + MAX_HELD_QUERY);
      const visits = [...new Set(batch.map((r) => r.schoolVisitId))];
      const answer = await this.options.api.held(
        batch.map((r) => r.sha256),
        visits,
        signal,
      );
      if (!answer.ok) {
        this.log.info(`the server could not say which photos it holds (${answer.error.code}); asking per photo`);
        break;
      }
      const held = new Set(answer.value.held);
      const refused = new Set(answer.value.visitsRefused);
      const directMaxBytes = answer.value.direct?.maxBytes ?? null;
      for (const row of batch) {
        // A photo for a visit the server refuses goes the session way: refused before any byte is sent.
        const direct = refused.has(row.schoolVisitId) ? null : directMaxBytes;
        known.set(row.sha256, { held: held.has(row.sha256), directMaxBytes: direct });
      }
    }
    return known;
  }

  private async uploadRow(
    row: PhotoUploadRow,
    originalName: string,
    progress: UploadProgress,
    signal: AbortSignal | undefined,
    known: Known | undefined,
  ): Promise<{ kind: 'uploaded' | 'alreadyThere' | 'failed'; bytesSent: number }> {
    const { store, api, library } = this.options;
    const rows = store.photoUploads;
    const file = { sha256: row.sha256, originalName, size: row.size };
    const state: FileState = { parts: row.partsDone, acked: row.bytesAcked, sent: 0 };
    rows.started(row.sha256, row.attempts + 1, this.stamp());
    progress.file({ ...file, state: 'uploading', bytesAcked: state.acked });
    const job = { ...row, path: library.blob(row.sha256), ...(known ? { known } : {}) };
    const outcome = await uploadOne(api, job, this.hooks(file, state, progress), this.policy(signal)).catch(
      (error: unknown): Result<never> => err(unexpected(error)),
    );
    if (outcome.ok) {
      rows.done(row.sha256, row.size, this.stamp());
      progress.file({ ...file, state: 'done', bytesAcked: row.size });
      return { kind: outcome.value.kind === 'uploaded' ? 'uploaded' : 'alreadyThere', bytesSent: state.sent };
    }
    const { error } = outcome;
    if (!signal?.aborted) this.log.warn(`photo ${originalName} could not be uploaded: ${error.code} ${error.message}`);
    rows.stopped(
      row.sha256,
      {
        state: signal?.aborted ? 'queued' : 'failed',
        error,
        // A session the server lost (expired, aborted) must not be resumed: start a new one next time.
        // So is one that refused the bytes as not the announced photo (`field: 'sha256'`).
        forgetSession: error.code === 'NOT_FOUND' || error.code === 'VALIDATION' || error.field === 'sha256',
      },
      this.stamp(),
    );
    progress.file({ ...file, state: 'failed', bytesAcked: state.acked, error });
    return { kind: 'failed', bytesSent: state.sent };
  }

  /** How `uploadOne` reports each step: persisted at once (a crash resumes from it), and shown. */
  private hooks(
    file: { sha256: string; originalName: string; size: number },
    state: FileState,
    progress: UploadProgress,
  ): UploadHooks {
    const rows = this.options.store.photoUploads;
    return {
      session: (uploadId, partSize, serverParts) => {
        state.parts = [...serverParts];
        state.acked = bytesOf(state.parts);
        rows.session(file.sha256, uploadId, partSize, state.parts, this.stamp());
      },
      partDone: (part) => {
        state.parts = [...state.parts.filter((p) => p.partNumber !== part.partNumber), part];
        state.acked = bytesOf(state.parts);
        rows.partsDone(file.sha256, state.parts, this.stamp());
        progress.file({ ...file, state: 'uploading', bytesAcked: state.acked });
      },
      sent: (bytes) => {
        state.sent += bytes;
        rows.sent(file.sha256, bytes);
      },
      retrying: (error, attempt) => {
        this.log.info(`photo ${file.originalName}: ${error.code}, trying again (${attempt})`);
        progress.file({ ...file, state: 'retrying', bytesAcked: state.acked, error });
      },
    };
  }

  /** Retries with the shared backoff curve; Cancel stops the wait and the request in flight. */
  private policy(signal: AbortSignal | undefined): UploadPolicy {
    const backoff = this.options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
    const random = this.options.random ?? Math.random;
    return {
      maxAttempts: this.options.maxAttempts ?? 8,
      delay: (attempt) => backoffDelay(attempt, backoff, random),
      sleep,
      ...(signal ? { signal } : {}),
    };
  }

  private emit(event: PhotoEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function bytesOf(parts: readonly UploadedPart[]): number {
  return parts.reduce((n, p) => n + p.size, 0);
}

/** A failure nobody expected (a bug): recorded with its stack, so the row does not stay `uploading`. */
function unexpected(error: unknown): AppError {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: 'INTERNAL', message: 'The upload failed unexpectedly.', detail };
}

/** Waits `ms`, or less when `signal` aborts (the caller looks at the signal). */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await wait(ms, undefined, signal ? { signal } : undefined).catch(() => undefined);
}
