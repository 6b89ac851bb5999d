import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { AppError } from '../../shared/errors.js';
import { SESSION_EXPIRED_STATUS } from '../../shared/protocol/photos.js';
import type { ServerDb } from '../db/server-database.js';
import type { BlobStore } from './blob-store.js';
import { photoUploadParts, photoUploadSessions } from './photo-tables.js';

/** How long a client has to complete an upload session (option `photoUploadTtlMs` of the server config). */
export const DEFAULT_UPLOAD_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** An error of the photo API, with the HTTP status to send when its code's usual one does not say it. */
export interface PhotoError extends AppError {
  /** 410: the session expired; 413: a photo too big for one request; 429: too many upload sessions open. */
  readonly status?: typeof SESSION_EXPIRED_STATUS | 413 | 429;
}

/** The answer to any call on an expired session. */
export function sessionExpired(uploadId: string): PhotoError {
  return {
    code: 'NOT_FOUND',
    message: 'This upload session expired before it was completed; start a new upload of the photo.',
    id: uploadId,
    field: 'uploadId',
    status: SESSION_EXPIRED_STATUS,
  };
}

/** What expiry needs to know of a session row. */
export interface ExpiringSession {
  readonly status: string;
  /** `created_at` in ms since the epoch (read as a number: the two drivers format timestamps differently). */
  readonly createdAtMs: number;
}

/** `created_at` as ms since the epoch, to select beside a session's columns. */
export const createdAtMs = sql<number>`(extract(epoch from ${photoUploadSessions.createdAt}) * 1000)::float8`.mapWith(
  Number,
);

/** Sessions expired per query of a sweep. */
const SWEEP_BATCH = 100;

export interface UploadSessionExpiryOptions {
  readonly ttlMs?: number;
  /** The server clock (`ServerContext.now`), so tests can move it. */
  readonly now?: () => Date;
}

/**
 * Upload sessions not completed within the TTL expire. Any call on one answers 410 at once (checked
 * against the clock, whether or not a sweep has run); `sweep()` then releases what it holds in the
 * blob store (data-folder parts deleted, S3 multipart upload aborted) and marks it `expired`.
 */
export class UploadSessionExpiry {
  readonly ttlMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: ServerDb,
    private readonly store: BlobStore,
    options: UploadSessionExpiryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_UPLOAD_SESSION_TTL_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** The time a session is created at (explicit, so the injected clock rules its expiry too). */
  stamp(): string {
    return this.now().toISOString();
  }

  /** Sessions created at or before this are past the TTL. */
  cutoff(): string {
    return new Date(this.now().getTime() - this.ttlMs).toISOString();
  }

  isExpired(session: ExpiringSession): boolean {
    if (session.status === 'expired') return true;
    return session.status === 'open' && this.now().getTime() - session.createdAtMs >= this.ttlMs;
  }

  /**
   * Expires every open session past the TTL: the blob store lets go of it first, then it is marked
   * `expired` and its part list dropped. A store that fails stops the sweep; the sessions left stay
   * open (and answer 410 all the same) until the next sweep tries again.
   */
  async sweep(): Promise<{ expired: number; leftovers?: number; error?: unknown }> {
    const expired = await this.expireSessions();
    if (expired.error !== undefined || !this.store.sweepLeftovers) return expired;
    // A one-request upload the process died under left its temporary file: none lasts a TTL.
    try {
      return { ...expired, leftovers: await this.store.sweepLeftovers(new Date(this.now().getTime() - this.ttlMs)) };
    } catch (error) {
      return { ...expired, error };
    }
  }

  private async expireSessions(): Promise<{ expired: number; error?: unknown }> {
    const cutoff = this.cutoff();
    let expired = 0;
    for (;;) {
      const batch = await this.db
        .select({ id: photoUploadSessions.id, storeUploadId: photoUploadSessions.storeUploadId })
        .from(photoUploadSessions)
        .where(and(eq(photoUploadSessions.status, 'open'), lte(photoUploadSessions.createdAt, cutoff)))
        .orderBy(asc(photoUploadSessions.createdAt))
        .limit(SWEEP_BATCH);
      for (const session of batch) {
        try {
          await this.store.abort({ uploadId: session.id, storeUploadId: session.storeUploadId });
        } catch (error) {
          return { expired, error };
        }
        // A session completed meanwhile (its blob is stored) stays complete, with its parts.
        const marked = await this.db.transaction(async (tx) => {
          const rows = await tx
            .update(photoUploadSessions)
            .set({ status: 'expired', updatedAt: this.stamp() })
            .where(and(eq(photoUploadSessions.id, session.id), eq(photoUploadSessions.status, 'open')))
            .returning({ id: photoUploadSessions.id });
          if (rows.length > 0) await tx.delete(photoUploadParts).where(eq(photoUploadParts.uploadId, session.id));
          return rows.length;
        });
        expired += marked;
      }
      if (batch.length < SWEEP_BATCH) return { expired };
    }
  }
}
