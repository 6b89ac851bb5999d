import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { photo, schoolVisit } from '../../shared/entities/index.js';
import type { PhotoMimeType } from '../../shared/entities/photo.js';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';
import { sniffImageType } from '../../shared/photos/sniff-image-type.js';
import {
  type CompleteUploadResponse,
  type CreateUploadRequest,
  type CreateUploadResponse,
  DIRECT_UPLOAD_MAX_BYTES,
  type HeldResponse,
  type PartUrl,
  partCountFor,
  partRange,
  partSizeFor,
  type UploadSession,
} from '../../shared/protocol/photos.js';
import { queryRow, queryRows, type ServerDb } from '../db/server-database.js';
import { type AssembledBlob, type BlobStore, type BlobUpload, PartSizeError } from './blob-store.js';
import { photoBlobs, photoUploadParts, photoUploadSessions } from './photo-tables.js';
import { createdAtMs, type PhotoError, sessionExpired, UploadSessionExpiry } from './upload-session-expiry.js';
import { type PhotoUser, sqlVisitScope, type VisitScopeCheck } from './visit-scope.js';

export type { PhotoUser } from './visit-scope.js';

type SessionColumns = typeof photoUploadSessions.$inferSelect;
type SessionRow = SessionColumns & { readonly createdAtMs: number };
const sessionColumns = { ...getTableColumns(photoUploadSessions), createdAtMs };

/**
 * The server side of photo uploads: S3-shaped multipart sessions over a `BlobStore`, scope-checked
 * against the photo's visit like any write to it, with the server's own list of acknowledged parts,
 * and a SHA-256 check before a blob is accepted.
 */
export class PhotoUploadService {
  private readonly visitScope: VisitScopeCheck;
  private readonly expiry: UploadSessionExpiry;

  constructor(
    private readonly db: ServerDb,
    readonly store: BlobStore,
    options: { visitScope?: VisitScopeCheck; expiry?: UploadSessionExpiry; maxOpenPerUser?: number } = {},
  ) {
    this.visitScope = options.visitScope ?? sqlVisitScope(db);
    this.expiry = options.expiry ?? new UploadSessionExpiry(db, store);
    this.maxOpenPerUser = options.maxOpenPerUser ?? MAX_OPEN_UPLOADS_PER_USER;
  }

  private readonly maxOpenPerUser: number;

  /**
   * Whether the blob is held where the user works: by the user's organisation and, for a district user,
   * uploaded for a visit of one of their districts. A hash alone grants nothing: a district that never
   * sent the bytes is told "no" (and uploads them, which proves it holds them), so knowing another
   * district's hash neither reveals that its photo exists nor lets a record of it read the bytes.
   */
  async exists(user: PhotoUser, sha256: string): Promise<boolean> {
    const row = await this.db
      .select({ sha256: photoBlobs.sha256 })
      .from(photoBlobs)
      .where(and(eq(photoBlobs.organisationId, user.organisationId), eq(photoBlobs.sha256, sha256)));
    if (row.length === 0) return false;
    return user.districtIds === null || (await this.heldInDistricts(user, sha256));
  }

  /** An upload of the blob completed for a visit in one of the (district) user's districts. */
  private async heldInDistricts(user: PhotoUser, sha256: string): Promise<boolean> {
    return (await this.heldInDistrictsOf(user, [sha256])).has(sha256);
  }

  /** Of `sha256s`, those an upload completed for a visit of the user's districts (one query for a batch). */
  private async heldInDistrictsOf(user: PhotoUser, sha256s: readonly string[]): Promise<Set<string>> {
    const districts = user.districtIds ?? [];
    if (districts.length === 0 || sha256s.length === 0) return new Set();
    const list = (values: readonly string[]) =>
      sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      );
    const rows = await queryRows<{ sha256: string }>(
      this.db,
      sql`SELECT DISTINCT s.sha256 FROM ${photoUploadSessions} s JOIN ${sql.identifier(schoolVisit.table)} v ON v.id = s.school_visit_id
          WHERE s.organisation_id = ${user.organisationId} AND s.sha256 IN (${list(sha256s)}) AND s.status = 'complete'
          AND v.district_scope IN (${list(districts)})`,
    );
    return new Set(rows.map((r) => r.sha256));
  }

  /** Which of `sha256s` the user's organisation holds where the user works (`exists`, for a batch). */
  async held(user: PhotoUser, sha256s: readonly string[], visits: readonly string[] = []): Promise<HeldResponse> {
    const unique = [...new Set(sha256s)];
    const rows = await this.db
      .select({ sha256: photoBlobs.sha256 })
      .from(photoBlobs)
      .where(and(eq(photoBlobs.organisationId, user.organisationId), inArray(photoBlobs.sha256, unique)));
    const held: string[] = [];
    for (const { sha256 } of rows)
      if (user.districtIds === null || (await this.heldInDistricts(user, sha256))) held.push(sha256);
    const visitsRefused: string[] = [];
    for (const visit of new Set(visits)) if (!(await this.visitScope(user, visit)).ok) visitsRefused.push(visit);
    return { held, direct: this.store.writeBlob ? { maxBytes: DIRECT_UPLOAD_MAX_BYTES } : null, visitsRefused };
  }

  /**
   * A one-request upload (data-folder store): the photo's bytes for a visit the user may edit, verified
   * like a completed session (SHA-256, size, declared type) and recorded as a completed session, so who
   * holds it is answered the same way. Sending it again once it is held answers `complete` at once.
   */
  async direct(
    user: PhotoUser,
    req: CreateUploadRequest,
    body: Readable,
  ): Promise<Result<CompleteUploadResponse, PhotoError>> {
    const scope = await this.visitScope(user, req.schoolVisitId);
    if (!scope.ok) return err({ ...scope.error, field: 'visit' });
    if (!this.store.writeBlob) {
      return err(badRequest('This server takes photos through upload sessions (POST /api/photos/uploads)'));
    }
    if (req.size > DIRECT_UPLOAD_MAX_BYTES) {
      return err({
        code: 'BAD_REQUEST',
        status: 413,
        message: `A photo over ${DIRECT_UPLOAD_MAX_BYTES} bytes goes up in an upload session (POST /api/photos/uploads)`,
        field: 'size',
      });
    }
    if (await this.exists(user, req.sha256)) return ok({ status: 'complete', sha256: req.sha256, size: req.size });
    const declared = req.mimeType;
    let assembled: AssembledBlob;
    try {
      assembled = await this.store.writeBlob(body, req.size, (a) => announced(a, req.sha256, req.size, declared));
    } catch (error) {
      if (error instanceof PartSizeError) return err({ ...badRequest(error.message, 'size'), code: 'VALIDATION' });
      throw error;
    }
    const refused = refusal(assembled, req.sha256, req.size, declared);
    if (refused) return err(refused);
    const at = this.expiry.stamp();
    await this.db.transaction(async (tx) => {
      await tx
        .insert(photoBlobs)
        .values({ organisationId: user.organisationId, sha256: req.sha256, size: req.size, mimeType: declared })
        .onConflictDoNothing();
      await tx.insert(photoUploadSessions).values({
        id: randomUUID(),
        organisationId: user.organisationId,
        userId: user.id,
        schoolVisitId: req.schoolVisitId,
        sha256: req.sha256,
        size: req.size,
        mimeType: declared,
        partSize: req.size,
        storeUploadId: null,
        status: 'complete',
        createdAt: at,
        updatedAt: at,
      });
    });
    return ok({ status: 'complete', sha256: req.sha256, size: req.size });
  }

  async create(user: PhotoUser, req: CreateUploadRequest): Promise<Result<CreateUploadResponse, PhotoError>> {
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
          gt(photoUploadSessions.createdAt, this.expiry.cutoff()),
        ),
      )
      .limit(1);
    if (open) return ok({ status: 'open', session: await this.describe(open) });
    // Each open session holds parts on disk or in the object store until it completes or expires.
    const [count] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(photoUploadSessions)
      .where(
        and(
          eq(photoUploadSessions.userId, user.id),
          eq(photoUploadSessions.status, 'open'),
          gt(photoUploadSessions.createdAt, this.expiry.cutoff()),
        ),
      );
    if ((count?.n ?? 0) >= this.maxOpenPerUser) return err(tooManyOpen(this.maxOpenPerUser));
    const id = randomUUID();
    const upload = await this.store.begin(id);
    const createdAt = this.expiry.stamp();
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
        createdAt,
        updatedAt: createdAt,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return ok({ status: 'open', session: await this.describe(row) });
  }

  async get(user: PhotoUser, uploadId: string): Promise<Result<UploadSession, PhotoError>> {
    const row = await this.session(user, uploadId);
    if (row.ok && this.expiry.isExpired(row.value)) return err(sessionExpired(uploadId));
    return row.ok ? ok(await this.describe(row.value)) : row;
  }

  async partUrls(
    user: PhotoUser,
    uploadId: string,
    partNumbers: readonly number[],
  ): Promise<Result<PartUrl[], PhotoError>> {
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
  async putPart(
    user: PhotoUser,
    uploadId: string,
    partNumber: number,
    body: Readable,
  ): Promise<Result<string, PhotoError>> {
    const row = await this.openSession(user, uploadId);
    if (!row.ok) return row;
    const expected = expectedPartSize(row.value, partNumber);
    if (!expected.ok) return expected;
    if (!this.store.writePart) return err(badRequest('Parts of this upload go to the object store, not here'));
    const upload = blobUpload(row.value);
    let etag: string;
    try {
      etag = await this.store.writePart(upload, partNumber, body, expected.value);
    } catch (error) {
      if (error instanceof PartSizeError) return err({ ...badRequest(error.message), code: 'VALIDATION' });
      // The sweep may have removed the upload's folder under the write.
      if (await this.expiredMeanwhile(row.value)) return err(sessionExpired(uploadId));
      throw error;
    }
    // A part that finished after the session expired may have recreated what the sweep removed.
    if (await this.expiredMeanwhile(row.value)) return err(sessionExpired(uploadId));
    await this.recordPart(uploadId, partNumber, expected.value, etag);
    return ok(etag);
  }

  /** A part PUT to a presigned object-store URL, acknowledged by the client with its ETag. */
  async ackPart(
    user: PhotoUser,
    uploadId: string,
    partNumber: number,
    part: { etag: string; size: number },
  ): Promise<Result<void, PhotoError>> {
    const row = await this.openSession(user, uploadId);
    if (!row.ok) return row;
    if (!this.store.ackRequired) {
      // The server wrote the part itself; an acknowledgement here could count a part whose bytes never came.
      return err(badRequest('This server stores the parts it receives: a part is acknowledged by its PUT, not here'));
    }
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

  async complete(user: PhotoUser, uploadId: string): Promise<Result<CompleteUploadResponse, PhotoError>> {
    const found = await this.session(user, uploadId);
    if (!found.ok) return found;
    const row = found.value;
    if (row.status === 'complete') return ok({ status: 'complete', sha256: row.sha256, size: row.size });
    if (this.expiry.isExpired(row)) return err(sessionExpired(uploadId));
    if (row.status === 'aborted') return err(notFound());
    const parts = await this.parts(uploadId);
    const count = partCountFor(row.size, row.partSize);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter(
      (n) => !parts.some((p) => p.partNumber === n),
    );
    if (missing.length > 0) return err(badRequest(`Parts missing: ${missing.slice(0, 20).join(', ')}`));
    const declared = row.mimeType as PhotoMimeType;
    let assembled: AssembledBlob;
    try {
      assembled = await this.store.complete(blobUpload(row), parts, (a) =>
        announced(a, row.sha256, row.size, declared),
      );
    } catch (error) {
      // The sweep may have released the upload in the store while it was being assembled.
      if (await this.expiredMeanwhile(row)) return err(sessionExpired(uploadId));
      throw error;
    }
    const refused = refusal(assembled, row.sha256, row.size, declared);
    if (refused) {
      // The bytes are not the photo the client announced: throw the session away; the client starts over.
      await this.store.abort(blobUpload(row));
      await this.db
        .update(photoUploadSessions)
        .set({ status: 'aborted', updatedAt: sql`now()` })
        .where(eq(photoUploadSessions.id, uploadId));
      return err(refused);
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

  /**
   * The blob's bytes, for a user who may see a photo record of it (organisation and district scope)
   * and whose districts hold the blob (see `exists`).
   */
  async read(user: PhotoUser, sha256: string): Promise<Result<{ body: Readable; size: number; mimeType: string }>> {
    // A record the user can see is not enough: the blob must be held where the user works (see `exists`).
    if (!(await this.recordVisible(user, sha256)) || !(await this.exists(user, sha256))) {
      return err({ code: 'NOT_FOUND', message: 'Photo not found' });
    }
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
      .select(sessionColumns)
      .from(photoUploadSessions)
      .where(and(eq(photoUploadSessions.id, uploadId), eq(photoUploadSessions.userId, user.id)));
    return row ? ok(row) : err(notFound());
  }

  private async openSession(user: PhotoUser, uploadId: string): Promise<Result<SessionRow, PhotoError>> {
    const row = await this.session(user, uploadId);
    if (row.ok && this.expiry.isExpired(row.value)) return err(sessionExpired(uploadId));
    if (row.ok && row.value.status !== 'open')
      return err({ ...notFound(), message: `Upload session is ${row.value.status}` });
    return row;
  }

  /**
   * Whether the session expired while a store operation ran on it; if so, the store lets go of the
   * upload again (idempotent), so nothing written late outlives the session.
   */
  private async expiredMeanwhile(row: SessionRow): Promise<boolean> {
    if (!this.expiry.isExpired(row)) return false;
    await this.store.abort(blobUpload(row));
    return true;
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

  private async describe(row: SessionColumns): Promise<UploadSession> {
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

/** Whether assembled bytes are the photo announced: its SHA-256, its size and, sniffed, its declared type. */
function announced(assembled: AssembledBlob, sha256: string, size: number, mimeType: PhotoMimeType): boolean {
  return refusal(assembled, sha256, size, mimeType) === undefined;
}

/** Why assembled bytes are not the photo announced, or undefined when they are. */
function refusal(
  assembled: AssembledBlob,
  sha256: string,
  size: number,
  mimeType: PhotoMimeType,
): AppError | undefined {
  if (assembled.sha256 !== sha256 || assembled.size !== size) {
    return {
      code: 'VALIDATION',
      message: 'The uploaded photo is not the one announced (SHA-256 mismatch); it was discarded.',
      detail: `expected ${sha256} (${size} bytes), got ${assembled.sha256} (${assembled.size} bytes)`,
      field: 'sha256',
    };
  }
  const sniffed = sniffImageType(assembled.head);
  if (sniffed !== mimeType) {
    return {
      code: 'VALIDATION',
      message: `The uploaded bytes are ${sniffed ? `a ${sniffed} image` : 'not a JPEG, PNG or HEIC image'}, not the ${mimeType} announced; they were discarded.`,
      field: 'mimeType',
    };
  }
  return undefined;
}

function blobUpload(row: SessionColumns): BlobUpload {
  return { uploadId: row.id, storeUploadId: row.storeUploadId };
}

function expectedPartSize(row: SessionRow, partNumber: number): Result<number> {
  if (partNumber < 1 || partNumber > partCountFor(row.size, row.partSize)) {
    return err(badRequest(`Part ${partNumber} is out of range`, 'partNumber'));
  }
  const { start, end } = partRange(row.size, row.partSize, partNumber);
  return ok(end - start);
}

/** Open upload sessions one user may hold at once (the app uploads a handful at a time). */
export const MAX_OPEN_UPLOADS_PER_USER = 100;

function tooManyOpen(max: number): PhotoError {
  return {
    code: 'SERVER',
    status: 429,
    message: `You already have ${max} photo uploads in progress: let them finish (or expire) before starting more.`,
  };
}

function notFound(): AppError {
  return { code: 'NOT_FOUND', message: 'Upload session not found' };
}

function badRequest(message: string, field?: string): AppError {
  return { code: 'BAD_REQUEST', message, ...(field ? { field } : {}) };
}
