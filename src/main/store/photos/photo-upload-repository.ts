import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { AppError } from '../../../shared/errors.js';
import type { UploadedPart } from '../../../shared/protocol/photos.js';
import { type PhotoUploadRowState, photoUploads } from '../schema/photo-tables.js';
import type { StoreContext } from '../store-context.js';

/** One file of the upload queue as the queue works it. */
export type PhotoUploadRow = typeof photoUploads.$inferSelect;

/**
 * The persistent photo upload queue (`photo_uploads`). The session id and every acknowledged part
 * are written as they happen, so an upload resumes after a crash, a restart or a dropped network
 * from its last acknowledged part. Times are the caller's (`at`, ISO), so tests can move the clock.
 */
export class PhotoUploadRepository {
  constructor(private readonly ctx: StoreContext) {}

  /** Rows by state, every state present. */
  counts(): Record<PhotoUploadRowState, number> {
    const rows = this.ctx.db
      .select({ state: photoUploads.state, n: sql<number>`count(*)` })
      .from(photoUploads)
      .groupBy(photoUploads.state)
      .all();
    const counts = { queued: 0, uploading: 0, done: 0, failed: 0 };
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }

  /** Bytes put on the wire for every upload so far (re-sent parts count again). */
  bytesSentTotal(): number {
    const [row] = this.ctx.db
      .select({ n: sql<number>`coalesce(sum(${photoUploads.bytesSent}), 0)` })
      .from(photoUploads)
      .all();
    return row?.n ?? 0;
  }

  /** Puts failed uploads whose last error `which` accepts back in the queue; how many. */
  retryFailed(which: (error: AppError) => boolean, at: string): number {
    const failed = this.ctx.db.select().from(photoUploads).where(eq(photoUploads.state, 'failed')).all();
    const chosen = failed.filter((r) => !r.lastError || which(r.lastError)).map((r) => r.sha256);
    if (chosen.length === 0) return 0;
    return this.ctx.db
      .update(photoUploads)
      .set({ state: 'queued', updatedAt: at })
      .where(inArray(photoUploads.sha256, chosen))
      .run().changes;
  }

  /** Puts one failed upload back in the queue (the officer's Retry); false when it is not failed. */
  retryOne(sha256: string, at: string): boolean {
    return (
      this.ctx.db
        .update(photoUploads)
        .set({ state: 'queued', updatedAt: at })
        .where(and(eq(photoUploads.sha256, sha256), eq(photoUploads.state, 'failed')))
        .run().changes > 0
    );
  }

  /** One upload's row, if queued here. */
  get(sha256: string): PhotoUploadRow | undefined {
    return this.ctx.db.select().from(photoUploads).where(eq(photoUploads.sha256, sha256)).get();
  }

  /** Takes a file out of the queue (the officer's Remove); never one being uploaded now. */
  removeOne(sha256: string): boolean {
    return (
      this.ctx.db
        .delete(photoUploads)
        .where(and(eq(photoUploads.sha256, sha256), ne(photoUploads.state, 'uploading')))
        .run().changes > 0
    );
  }

  /**
   * Everything to upload, oldest first. Rows left `uploading` by a crash or a quit are queued again
   * first (their session is kept, so they resume).
   */
  takeQueued(): PhotoUploadRow[] {
    const { db } = this.ctx;
    db.update(photoUploads).set({ state: 'queued' }).where(eq(photoUploads.state, 'uploading')).run();
    return db
      .select()
      .from(photoUploads)
      .where(eq(photoUploads.state, 'queued'))
      .orderBy(asc(photoUploads.createdAt))
      .all();
  }

  /** A file's upload begins (another attempt). */
  started(sha256: string, attempts: number, at: string): void {
    this.update(sha256, { state: 'uploading', attempts, updatedAt: at });
  }

  /** The server's multipart session was created or resumed, with the parts it already acknowledged. */
  session(sha256: string, uploadId: string, partSize: number, parts: readonly UploadedPart[], at: string): void {
    this.update(sha256, { uploadId, partSize, ...acked(parts), updatedAt: at });
  }

  /** The server acknowledged a part: `parts` is every part acknowledged so far. */
  partsDone(sha256: string, parts: readonly UploadedPart[], at: string): void {
    this.update(sha256, { ...acked(parts), updatedAt: at });
  }

  /** Bytes went out on the wire (counted again when a part is re-sent). */
  sent(sha256: string, bytes: number): void {
    this.update(sha256, { bytesSent: sql`${photoUploads.bytesSent} + ${bytes}` });
  }

  done(sha256: string, size: number, at: string): void {
    this.update(sha256, { state: 'done', bytesAcked: size, lastError: null, updatedAt: at });
  }

  /**
   * The upload stopped with `error`: `failed`, or `queued` when it was cancelled. `forgetSession`: the
   * server lost the session (expired, aborted), so the next try starts a new one.
   */
  stopped(
    sha256: string,
    outcome: { state: 'queued' | 'failed'; error: AppError; forgetSession: boolean },
    at: string,
  ): void {
    const forget = outcome.forgetSession ? { uploadId: null, partsDone: [], bytesAcked: 0 } : {};
    this.update(sha256, { state: outcome.state, lastError: outcome.error, updatedAt: at, ...forget });
  }

  private update(sha256: string, values: SQLiteUpdateSetSource<typeof photoUploads>): void {
    this.ctx.db.update(photoUploads).set(values).where(eq(photoUploads.sha256, sha256)).run();
  }
}

function acked(parts: readonly UploadedPart[]): { partsDone: UploadedPart[]; bytesAcked: number } {
  return { partsDone: [...parts], bytesAcked: parts.reduce((n, p) => n + p.size, 0) };
}
