import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { PhotoMimeType } from '../../../shared/entities/photo.js';
import type { AppError } from '../../../shared/errors.js';
import type { UploadedPart } from '../../../shared/protocol/photos.js';

/**
 * This device's photo library: every image imported here, by content hash, with the path of its copy
 * in the app's data folder. The copy is what gets uploaded, so pulling the card out after import loses
 * nothing. Not synced: the synced part of a photo is its `photo` record.
 */
export const photoLibrary = sqliteTable(
  'photo_library',
  {
    sha256: text('sha256').primaryKey(),
    size: integer('size').notNull(),
    mimeType: text('mime_type').$type<PhotoMimeType>().notNull(),
    /**
     * The `photo` record made for this image and its visit; both `null` while the photo waits in the
     * photo inbox (imported without a visit: kept here, no record and no upload until the officer picks one).
     */
    photoId: text('photo_id'),
    schoolVisitId: text('school_visit_id'),
    originalName: text('original_name').notNull(),
    /** Where it was imported from (informational: cards come and go). */
    sourcePath: text('source_path').notNull(),
    /** The library copy, relative to the library folder. */
    blobPath: text('blob_path').notNull(),
    thumbnailPath: text('thumbnail_path'),
    /** Why there is no thumbnail (e.g. HEIC this build cannot decode). */
    thumbnailError: text('thumbnail_error'),
    capturedAt: text('captured_at'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    camera: text('camera'),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [index('photo_library_visit_idx').on(t.schoolVisitId)],
);

export const PHOTO_UPLOAD_STATES = ['queued', 'uploading', 'done', 'failed'] as const;
export type PhotoUploadRowState = (typeof PHOTO_UPLOAD_STATES)[number];

/**
 * The persistent upload queue. `uploadId` and `partsDone` are written after every acknowledged part, so
 * an upload resumes after a network drop or an app restart from the last acknowledged part.
 */
export const photoUploads = sqliteTable(
  'photo_uploads',
  {
    sha256: text('sha256').primaryKey(),
    photoId: text('photo_id').notNull(),
    schoolVisitId: text('school_visit_id').notNull(),
    size: integer('size').notNull(),
    mimeType: text('mime_type').$type<PhotoMimeType>().notNull(),
    state: text('state', { enum: PHOTO_UPLOAD_STATES }).notNull().default('queued'),
    /** The server's multipart session, once created. */
    uploadId: text('upload_id'),
    partSize: integer('part_size'),
    partsDone: text('parts_done', { mode: 'json' }).$type<UploadedPart[]>().notNull().default([]),
    bytesAcked: integer('bytes_acked').notNull().default(0),
    /** Bytes actually sent over the network (re-sent parts count again): for measuring resumption. */
    bytesSent: integer('bytes_sent').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error', { mode: 'json' }).$type<AppError>(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('photo_uploads_state_idx').on(t.state)],
);

/** The photo pipeline's tables, in the same store file as the entity tables (never synced). */
export const photoTables = { photo_library: photoLibrary, photo_uploads: photoUploads };
