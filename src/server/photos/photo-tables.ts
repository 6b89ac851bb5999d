import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * Blobs an organisation holds, by content hash. Storage is content-addressed across the server, but
 * "is it there?" is answered per organisation: a hash never tells one tenant what another uploaded.
 */
export const photoBlobs = pgTable(
  'photo_blobs',
  {
    organisationId: uuid('organisation_id').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mimeType: text('mime_type').notNull(),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.sha256] })],
);

/** A multipart upload session, in the shape of S3's, scoped to the visit's organisation. */
export const photoUploadSessions = pgTable(
  'photo_upload_sessions',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    userId: uuid('user_id').notNull(),
    schoolVisitId: uuid('school_visit_id').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mimeType: text('mime_type').notNull(),
    partSize: integer('part_size').notNull(),
    /** The blob store's own id for the upload (S3 UploadId); null for the data-dir store. */
    storeUploadId: text('store_upload_id'),
    /** `aborted`: the bytes were not the announced photo; `expired`: not completed within the TTL. */
    status: text('status', { enum: ['open', 'complete', 'aborted', 'expired'] }).notNull(),
    /** Written from the server clock (expiry is measured from it). */
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('photo_upload_sessions_org_sha_idx').on(t.organisationId, t.sha256, t.status),
    // The expiry sweep reads the open sessions past the TTL; completed ones (one per photo) pile up.
    index('photo_upload_sessions_open_created_idx').on(t.createdAt).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * Acknowledged parts of each session: the server's own list (S3-compatible stores such as s3rver lack
 * ListParts, and a client must never be trusted to say what the server has).
 */
export const photoUploadParts = pgTable(
  'photo_upload_parts',
  {
    uploadId: uuid('upload_id')
      .notNull()
      .references(() => photoUploadSessions.id, { onDelete: 'cascade' }),
    partNumber: integer('part_number').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    etag: text('etag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);

/** The photo tables of the server, for the PostgreSQL migration target. */
export const serverPhotoTables = {
  photo_blobs: photoBlobs,
  photo_upload_sessions: photoUploadSessions,
  photo_upload_parts: photoUploadParts,
};
