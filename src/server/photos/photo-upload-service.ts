import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, asc, eq, sql } from 'drizzle-orm';
import { photo } from '../../shared/entities/index.js';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';
import {
  type CompleteUploadResponse,
  type CreateUploadRequest,
  type CreateUploadResponse,
  type PartUrl,
  partCountFor,
  partRange,
  partSizeFor,
  type UploadSession,
} from '../../shared/protocol/photos.js';
import { queryRow, type ServerDb } from '../db/server-database.js';
import { type BlobStore, type BlobUpload, PartSizeError } from './blob-store.js';
import { photoBlobs, photoUploadParts, photoUploadSessions } from './photo-tables.js';
import { type PhotoUser, sqlVisitScope, type VisitScopeCheck } from './visit-scope.js';

export type { PhotoUser } from './visit-scope.js';

type SessionRow = typeof photoUploadSessions.$inferSelect;

/**
 * The server side of photo uploads: S3-shaped multipart sessions over a `BlobStore`, scope-checked
 * against the photo's visit like any write to it, with the server's own list of acknowledged parts,
 * and a SHA-256 check before a blob is accepted.
 */
export class PhotoUploadService {
  private readonly visitScope: VisitScopeCheck;

  constructor(
    private readonly db: ServerDb,
    readonly store: BlobStore,
    options: { visitScope?: VisitScopeCheck } = {},
  ) {
    this.visitScope = options.visitScope ?? sqlVisitScope(db);
  }

  /** Whether the user's organisation has this blob (never answers for another tenant's blobs). */
  async exists(user: PhotoUser, sha256: string): Promise<boolean> {
    const row = await this.db
      .select({ sha256: photoBlobs.sha256 })
      .from(photoBlobs)
      .where(and(eq(photoBlobs.organisationId, user.organisationId), eq(photoBlobs.sha256, sha256)));
    return row.length > 0;
  }

  async create(user: PhotoUser, req: CreateUploadRequest): Promise<Result<CreateUploadResponse>> {
    const scope = await this.visitScope(user, req.schoolVisitId);
    if (!scope.ok) return err({ ...scope.error, field: 'schoolVisitId' });
    if (await this.exists(user, req.sha256)) return ok({ status: 'exists', sha256: req.sha256 });
    // A client that lost its session id (reinstall) resumes the user's open session for the same blob.
    const [open] = await this.db
      .select()
      .from(photoUploadSessions)
      .where(
        and(
          eq(photoUploadSessions.userId, user.id),
          eq(photoUploadSessions.sha256, req.sha256),
          eq(photoUploadSessions.size, req.size),
          eq(photoUploadSessions.status, 'open'),
        ),
      )
      .limit(1);
    if (open) return ok({ status: 'open', session: await this.describe(open) });
    const id = randomUUID();
    const upload = await this.store.begin(id);
    const [row] = await this.db
      .insert(photoUploadSessions)
      .values({
        id,
        organisationId: user.organisationId,
        userId: user.id,
        schoolVisitId: req.schoolVisitId,
        sha256: req.sha256,
        size: req.size,
        mimeType: req.mimeType,
        partSize: partSizeFor(req.size),
        storeUploadId: upload.storeUploadId,
        status: 'open',
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return ok({ status: 'open', session: await this.describe(row) });
  }

  async get(user: PhotoUser, uploadId: string): Promise<Result<UploadSession>> {
    const row = await this.session(user, uploadId);
    return row.ok ? ok(await this.describe(row.value)) : row;
  }

  async partUrls(user: PhotoUser, uploadId: string, partNumbers: readonly number[]): Promise<Result<PartUrl[]>> {
    const row = await this.openSession(user, uploadId);
    if (!row.ok) return row;
    const count = partCountFor(row.value.size, row.value.partSize);
    const bad = partNumbers.find((n) => n > count);
    if (bad !== undefined)
      return err(badRequest(`Part ${bad} is out of range: this upload has ${count} part(s)`, 'partNumbers'));
    const upload = blobUpload(row.value);
    return ok(
      await Promise.all(
        partNumbers.map(async (partNumber) => ({ partNumber, ...(await this.store.partTarget(upload, partNumber)) })),
      ),
    );
  }

  /** A part PUT to the API server itself (data-folder store). */
  async putPart(user: PhotoUser, uploadId: string, partNumber: number, body: Readable): Promise<Result<string>> {
    const row = await this.openSession(user, uploadId);
    if (!row.ok) return row;
    const expected = expectedPartSize(row.value, partNumber);
    if (!expected.ok) return expected;
    if (!this.store.writePart) return err(badRequest('Parts of this upload go to the object store, not here'));
    try {
      const etag = await this.store.writePart(blobUpload(row.value), partNumber, body, expected.value);
      await this.recordPart(uploadId, partNumber, expected.value, etag);
      return ok(etag);
    } catch (error) {
      if (error instanceof PartSizeError) return err({ ...badRequest(error.message), code: 'VALIDATION' });
      throw error;
    }
  }

  /** A part PUT to a presigned object-store URL, acknowledged by the client with its ETag. */
  async ackPart(
    user: PhotoUser,
    uploadId: string,
    partNumber: number,
    part: { etag: string; size: number },
  ): Promise<Result<void>> {
    const row = await this.openSession(user, uploadId);
    if (!row.ok) return row;
    const expected = expectedPartSize(row.value, partNumber);
    if (!expected.ok) return expected;
    if (part.size !== expected.value)
      return err({
        ...badRequest(`Part ${partNumber} must have ${expected.value} bytes, not ${part.size}`, 'size'),
        code: 'VALIDATION',
      });
    await this.recordPart(uploadId, partNumber, part.size, part.etag);
    return ok(undefined);
  }

  async complete(user: PhotoUser, uploadId: string): Promise<Result<CompleteUploadResponse>> {
    const found = await this.session(user, uploadId);
    if (!found.ok) return found;
    const row = found.value;
    if (row.status === 'complete') return ok({ status: 'complete', sha256: row.sha256, size: row.size });
    if (row.status === 'aborted') return err(notFound());
    const parts = await this.parts(uploadId);
    const count = partCountFor(row.size, row.partSize);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter(
      (n) => !parts.some((p) => p.partNumber === n),
    );
    if (missing.length > 0) return err(badRequest(`Parts missing: ${missing.slice(0, 20).join(', ')}`));
    const assembled = await this.store.complete(blobUpload(row), parts, row.sha256);
    if (assembled.sha256 !== row.sha256 || assembled.size !== row.size) {
      // The bytes are not the photo the client announced: throw the session away; the client starts over.
      await this.store.abort(blobUpload(row));
      await this.db
        .update(photoUploadSessions)
        .set({ status: 'aborted', updatedAt: sql`now()` })
        .where(eq(photoUploadSessions.id, uploadId));
      return err({
        code: 'VALIDATION',
        message: 'The uploaded photo is not the one announced (SHA-256 mismatch); it was discarded.',
        detail: `expected ${row.sha256} (${row.size} bytes), got ${assembled.sha256} (${assembled.size} bytes)`,
        field: 'sha256',
      });
    }
    await this.db.transaction(async (tx) => {
      await tx
        .insert(photoBlobs)
        .values({ organisationId: row.organisationId, sha256: row.sha256, size: row.size, mimeType: row.mimeType })
        .onConflictDoNothing();
      await tx
        .update(photoUploadSessions)
        .set({ status: 'complete', updatedAt: sql`now()` })
        .where(eq(photoUploadSessions.id, uploadId));
    });
    return ok({ status: 'complete', sha256: row.sha256, size: row.size });
  }

  /** The blob's bytes, for a user who may see a photo record of it (organisation and district scope). */
  async read(user: PhotoUser, sha256: string): Promise<Result<{ body: Readable; size: number; mimeType: string }>> {
    if (!(await this.recordVisible(user, sha256))) return err({ code: 'NOT_FOUND', message: 'Photo not found' });
    const [blob] = await this.db
      .select()
      .from(photoBlobs)
      .where(and(eq(photoBlobs.organisationId, user.organisationId), eq(photoBlobs.sha256, sha256)));
    if (!blob) return err({ code: 'NOT_FOUND', message: 'Photo not found' });
    return ok({ body: await this.store.read(sha256), size: blob.size, mimeType: blob.mimeType });
  }

  private async recordVisible(user: PhotoUser, sha256: string): Promise<boolean> {
    const districts = user.districtIds;
    const row = await queryRow<{ id: string }>(
      this.db,
      sql`SELECT id FROM ${sql.identifier(photo.table)} WHERE sha256 = ${sha256} AND NOT deleted
          AND organisation_scope = ${user.organisationId}
          ${districts === null ? sql`` : sql`AND district_scope IN (${sql.join(districts.length ? districts.map((d) => sql`${d}`) : [sql`NULL`], sql`, `)})`}
          LIMIT 1`,
    );
    return row !== undefined;
  }

  /** A session the user started; anyone else's id is simply not found (no existence leak). */
  private async session(user: PhotoUser, uploadId: string): Promise<Result<SessionRow>> {
    const [row] = await this.db
      .select()
      .from(photoUploadSessions)
      .where(and(eq(photoUploadSessions.id, uploadId), eq(photoUploadSessions.userId, user.id)));
    return row ? ok(row) : err(notFound());
  }

  private async openSession(user: PhotoUser, uploadId: string): Promise<Result<SessionRow>> {
    const row = await this.session(user, uploadId);
    if (row.ok && row.value.status !== 'open')
      return err({ ...notFound(), message: `Upload session is ${row.value.status}` });
    return row;
  }

  private async recordPart(uploadId: string, partNumber: number, size: number, etag: string): Promise<void> {
    await this.db
      .insert(photoUploadParts)
      .values({ uploadId, partNumber, size, etag })
      .onConflictDoUpdate({ target: [photoUploadParts.uploadId, photoUploadParts.partNumber], set: { size, etag } });
  }

  private async parts(uploadId: string) {
    return this.db
      .select({ partNumber: photoUploadParts.partNumber, size: photoUploadParts.size, etag: photoUploadParts.etag })
      .from(photoUploadParts)
      .where(eq(photoUploadParts.uploadId, uploadId))
      .orderBy(asc(photoUploadParts.partNumber));
  }

  private async describe(row: SessionRow): Promise<UploadSession> {
    return {
      uploadId: row.id,
      sha256: row.sha256,
      size: row.size,
      mimeType: row.mimeType as UploadSession['mimeType'],
      partSize: row.partSize,
      partCount: partCountFor(row.size, row.partSize),
      parts: await this.parts(row.id),
      ackRequired: this.store.ackRequired,
    };
  }
}

function blobUpload(row: SessionRow): BlobUpload {
  return { uploadId: row.id, storeUploadId: row.storeUploadId };
}

function expectedPartSize(row: SessionRow, partNumber: number): Result<number> {
  if (partNumber < 1 || partNumber > partCountFor(row.size, row.partSize)) {
    return err(badRequest(`Part ${partNumber} is out of range`, 'partNumber'));
  }
  const { start, end } = partRange(row.size, row.partSize, partNumber);
  return ok(end - start);
}

function notFound(): AppError {
  return { code: 'NOT_FOUND', message: 'Upload session not found' };
}

function badRequest(message: string, field?: string): AppError {
  return { code: 'BAD_REQUEST', message, ...(field ? { field } : {}) };
}
