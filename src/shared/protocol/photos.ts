import { z } from 'zod';
import { MAX_PHOTO_BYTES, PHOTO_MIME_TYPES } from '../entities/photo.js';
import { storableString } from '../entity/validation.js';

/**
 * Photo blobs travel in S3-shaped multipart sessions: create a session → ask for part URLs → PUT the
 * parts → complete (the server verifies the SHA-256). `HEAD /api/photos/<sha256>` says whether the
 * caller's organisation already has the blob, so a card imported twice uploads nothing.
 */

/** S3's minimum part size (every part but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** S3's maximum number of parts in one upload. */
export const MAX_PARTS = 10_000;

/** Part size for a blob of `size` bytes: max(5 MiB, size / 10,000), so no upload needs more than 10,000 parts. */
export function partSizeFor(size: number): number {
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS));
}

/** Number of parts of a blob (at least one). */
export function partCountFor(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** Byte range `[start, end)` of part `partNumber` (1-based). */
export function partRange(size: number, partSize: number, partNumber: number): { start: number; end: number } {
  const start = (partNumber - 1) * partSize;
  return { start, end: Math.min(size, start + partSize) };
}

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');
export const photoMimeTypeSchema = z.enum(PHOTO_MIME_TYPES);

/** `POST /api/photos/uploads` */
export const createUploadRequestSchema = z.strictObject({
  sha256: sha256Schema,
  size: z.number().int().positive().max(MAX_PHOTO_BYTES),
  mimeType: photoMimeTypeSchema,
  /** The visit the photo belongs to: the upload is scope-checked like a write to that visit. */
  schoolVisitId: z.uuid(),
});
export type CreateUploadRequest = z.infer<typeof createUploadRequestSchema>;

export const uploadedPartSchema = z.object({
  partNumber: z.number().int().min(1).max(MAX_PARTS),
  size: z.number().int().nonnegative(),
  etag: z.string().min(1).max(200),
});
export type UploadedPart = z.infer<typeof uploadedPartSchema>;

/** An open multipart session and the parts the server has acknowledged so far (its own list). */
export const uploadSessionSchema = z.object({
  uploadId: z.uuid(),
  sha256: sha256Schema,
  size: z.number().int().positive(),
  mimeType: photoMimeTypeSchema,
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  parts: z.array(uploadedPartSchema),
  /** The client must `POST …/parts/<n>` the ETag after each PUT (presigned object-store URLs); else the PUT acknowledges. */
  ackRequired: z.boolean(),
});
export type UploadSession = z.infer<typeof uploadSessionSchema>;

/** Creating a session for a blob the organisation already has answers `exists`: upload nothing. */
export const createUploadResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('exists'), sha256: sha256Schema }),
  z.object({ status: z.literal('open'), session: uploadSessionSchema }),
]);
export type CreateUploadResponse = z.infer<typeof createUploadResponseSchema>;

/** `POST /api/photos/uploads/<uploadId>/part-urls` */
export const partUrlsRequestSchema = z.strictObject({
  partNumbers: z.array(z.number().int().min(1).max(MAX_PARTS)).min(1).max(100),
});
export type PartUrlsRequest = z.infer<typeof partUrlsRequestSchema>;

export const partUrlSchema = z.object({
  partNumber: z.number().int().min(1),
  /** Absolute (presigned object store) or relative to the API's origin (the server's own blob store). */
  url: z.string().min(1),
  /** Send the API's bearer token with the PUT (only for the server's own URLs, never to an object store). */
  bearer: z.boolean(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type PartUrl = z.infer<typeof partUrlSchema>;

export const partUrlsResponseSchema = z.object({ urls: z.array(partUrlSchema) });
export type PartUrlsResponse = z.infer<typeof partUrlsResponseSchema>;

/** `POST /api/photos/uploads/<uploadId>/parts/<n>`: the ETag an object store returned for a PUT. */
export const ackPartRequestSchema = z.strictObject({
  etag: storableString(1, 200),
  size: z.number().int().nonnegative(),
});
export type AckPartRequest = z.infer<typeof ackPartRequestSchema>;

/** `POST /api/photos/uploads/<uploadId>/complete` → the blob is stored and its SHA-256 verified. */
export const completeUploadResponseSchema = z.object({
  status: z.literal('complete'),
  sha256: sha256Schema,
  size: z.number().int().positive(),
});
export type CompleteUploadResponse = z.infer<typeof completeUploadResponseSchema>;

/**
 * `POST /api/photos/held`: which of these photos the server already holds for the caller (the answers
 * `HEAD /api/photos/<sha256>` gives, for a batch at once), and whether photos up to `direct.maxBytes`
 * may go up in one request (`PUT /api/photos/<sha256>?visit=<id>`) instead of a session.
 */
export const MAX_HELD_QUERY = 500;
export const heldRequestSchema = z.strictObject({
  sha256s: z.array(sha256Schema).min(1).max(MAX_HELD_QUERY),
  /** The visits these photos are for: the answer names those the caller may not add photos to. */
  visits: z.array(z.uuid()).max(MAX_HELD_QUERY).optional(),
});
export type HeldRequest = z.infer<typeof heldRequestSchema>;
export const heldResponseSchema = z.object({
  held: z.array(sha256Schema),
  /** null: this server takes photos through upload sessions only (an object store receives the parts). */
  direct: z.object({ maxBytes: z.number().int().positive() }).nullable(),
  /** Of the visits asked about, those the caller may not upload for (their photos would be refused). */
  visitsRefused: z.array(z.uuid()),
});
export type HeldResponse = z.infer<typeof heldResponseSchema>;

/** Largest photo sent in one request: one part's worth (bigger ones resume part by part in a session). */
export const DIRECT_UPLOAD_MAX_BYTES = MIN_PART_SIZE;

/** The query of a one-request upload: the visit the photo belongs to (scope-checked like a session). */
export const directUploadQuerySchema = z.strictObject({ visit: z.uuid() });

/**
 * HTTP 410 Gone: a call on an upload session that was not completed within the server's TTL (its
 * parts are gone). The client starts a new session for the photo; nothing is wrong with the photo.
 */
export const SESSION_EXPIRED_STATUS = 410;

/** Paths of the photo API, shared by server routes and client. */
export const photoPaths = {
  blob: (sha256: string) => `/api/photos/${sha256}`,
  uploads: '/api/photos/uploads',
  upload: (uploadId: string) => `/api/photos/uploads/${uploadId}`,
  partUrls: (uploadId: string) => `/api/photos/uploads/${uploadId}/part-urls`,
  part: (uploadId: string, partNumber: number) => `/api/photos/uploads/${uploadId}/parts/${partNumber}`,
  complete: (uploadId: string) => `/api/photos/uploads/${uploadId}/complete`,
  held: '/api/photos/held',
  /** One-request upload of a photo no bigger than `DIRECT_UPLOAD_MAX_BYTES`, for `visitId`. */
  direct: (sha256: string, visitId: string) => `/api/photos/${sha256}?visit=${encodeURIComponent(visitId)}`,
} as const;
