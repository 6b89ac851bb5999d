import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PhotoMimeType, photo } from '../../../shared/entities/photo.js';
import type { EntityFields } from '../../../shared/entity/define-entity.js';
import type { Result } from '../../../shared/errors.js';
import { createRecord } from '../edits/local-edits.js';
import { photoLibrary, photoUploads } from '../schema/photo-tables.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';

/** Where an imported photo came from and where its copy is (the rest of its library row is its record's). */
export type LibraryEntry = Pick<
  typeof photoLibrary.$inferInsert,
  'originalName' | 'sourcePath' | 'blobPath' | 'thumbnailPath' | 'thumbnailError' | 'importedAt'
>;

/** What the camera and the card say of a photo kept in the inbox. */
export type InboxFields = Pick<
  typeof photoLibrary.$inferInsert,
  'sha256' | 'size' | 'mimeType' | 'capturedAt' | 'latitude' | 'longitude' | 'camera'
>;

const INBOX_COLUMNS = {
  sha256: photoLibrary.sha256,
  size: photoLibrary.size,
  mimeType: photoLibrary.mimeType,
  originalName: photoLibrary.originalName,
  sourcePath: photoLibrary.sourcePath,
  capturedAt: photoLibrary.capturedAt,
  latitude: photoLibrary.latitude,
  longitude: photoLibrary.longitude,
  camera: photoLibrary.camera,
  hasThumbnail: sql<boolean>`${photoLibrary.thumbnailPath} is not null`.mapWith(Boolean),
  thumbnailError: photoLibrary.thumbnailError,
  importedAt: photoLibrary.importedAt,
};

/** A photo waiting in the inbox for a visit. */
export interface InboxPhotoRow {
  readonly sha256: string;
  readonly size: number;
  readonly mimeType: PhotoMimeType;
  readonly originalName: string;
  readonly sourcePath: string;
  readonly capturedAt: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly camera: string | null;
  /** A preview was made at import (in the library's thumbnails). */
  readonly hasThumbnail: boolean;
  readonly thumbnailError: string | null;
  readonly importedAt: string;
}

/**
 * This device's photo library (`photo_library`): which images were imported here, where their copies
 * are. An import writes the `photo` record, its library row and its upload-queue row in one
 * transaction, so a photo is never in the library without a record to sync or an upload to run.
 */
export class PhotoLibraryRepository {
  constructor(private readonly parts: StoreParts) {}

  /** Whether this device's library already holds the blob (a duplicate on a card). */
  has(sha256: string): boolean {
    return (
      this.parts.ctx.db
        .select({ sha256: photoLibrary.sha256 })
        .from(photoLibrary)
        .where(eq(photoLibrary.sha256, sha256))
        .get() !== undefined
    );
  }

  /**
   * Records an imported photo: its `photo` record (a local create, queued for sync like any edit), its
   * library row and its upload-queue row, in one transaction. A refused record (say, its visit is gone)
   * writes nothing and comes back as the error.
   */
  recordImport(fields: EntityFields<typeof photo>, entry: LibraryEntry): Result<{ id: string }> {
    const { ctx } = this.parts;
    return ctx.transact('recordPhotoImport', () => {
      const created = createRecord(this.parts, 'photo', fields);
      if (!created.ok) fail(created.error);
      const { id } = created.value;
      const { sha256, size, mimeType, schoolVisitId, capturedAt, latitude, longitude, camera } = fields;
      const photo = { sha256, photoId: id, schoolVisitId, size, mimeType };
      ctx.db
        .insert(photoLibrary)
        .values({ ...entry, ...photo, capturedAt, latitude, longitude, camera })
        .run();
      const at = entry.importedAt;
      ctx.db
        .insert(photoUploads)
        .values({ ...photo, createdAt: at, updatedAt: at })
        .run();
      return { id };
    });
  }

  /**
   * Keeps a photo imported without a visit in the photo inbox: its library row only (no `photo` record,
   * no upload), until `assignFromInbox` gives it a visit or `removeFromInbox` lets it go.
   */
  recordUnassigned(fields: InboxFields, entry: LibraryEntry): Result<null> {
    return this.parts.ctx.transact('recordInboxPhoto', () => {
      this.parts.ctx.db
        .insert(photoLibrary)
        .values({ ...entry, ...fields, photoId: null, schoolVisitId: null })
        .run();
      return null;
    });
  }

  /** The photos waiting in the inbox, oldest capture first (then name), `offset`..`offset + limit`, and how many. */
  inbox(offset: number, limit: number): { readonly count: number; readonly items: InboxPhotoRow[] } {
    const { db } = this.parts.ctx;
    const waiting = isNull(photoLibrary.photoId);
    const total = db.select({ n: count() }).from(photoLibrary).where(waiting).get()?.n ?? 0;
    const items = db
      .select(INBOX_COLUMNS)
      .from(photoLibrary)
      .where(waiting)
      .orderBy(asc(photoLibrary.capturedAt), asc(photoLibrary.originalName), asc(photoLibrary.sha256))
      .limit(limit)
      .offset(offset)
      .all();
    return { count: total, items };
  }

  /** Those of `sha256s` waiting in the inbox (the others are not, or no longer). */
  inInbox(sha256s: readonly string[]): InboxPhotoRow[] {
    if (sha256s.length === 0) return [];
    return this.parts.ctx.db
      .select(INBOX_COLUMNS)
      .from(photoLibrary)
      .where(and(isNull(photoLibrary.photoId), inArray(photoLibrary.sha256, [...sha256s])))
      .all();
  }

  /**
   * Gives inbox photos a visit: each gets its `photo` record (queued for sync) and its upload row, in
   * one transaction for all of them, so a refused record (the visit is gone) assigns none. Photos no
   * longer in the inbox are left as they are; returns the ids of the records made.
   */
  assignFromInbox(
    sha256s: readonly string[],
    schoolVisitId: string,
    at: string,
  ): Result<{ sha256: string; id: string }[]> {
    const { ctx } = this.parts;
    return ctx.transact('assignInboxPhotos', () =>
      this.inInbox(sha256s).map((row) => {
        const { sha256, size, mimeType, capturedAt, latitude, longitude, camera, originalName } = row;
        const fields = { schoolVisitId, sha256, size, mimeType, capturedAt, latitude, longitude, camera };
        const created = createRecord(this.parts, 'photo', {
          ...fields,
          originalName: originalName.slice(0, 255),
          caption: null,
        });
        if (!created.ok) fail(created.error);
        const { id } = created.value;
        ctx.db.update(photoLibrary).set({ photoId: id, schoolVisitId }).where(eq(photoLibrary.sha256, sha256)).run();
        ctx.db
          .insert(photoUploads)
          .values({ sha256, photoId: id, schoolVisitId, size, mimeType, createdAt: at, updatedAt: at })
          .run();
        return { sha256, id };
      }),
    );
  }

  /**
   * Lets inbox photos go: their library rows are deleted and their files' paths returned (relative to
   * the library) for the caller to delete; a file left behind is an orphan the library sweep removes.
   */
  removeFromInbox(sha256s: readonly string[]): Result<{ blobPath: string; thumbnailPath: string | null }[]> {
    const { ctx } = this.parts;
    const waiting = and(isNull(photoLibrary.photoId), inArray(photoLibrary.sha256, [...sha256s]));
    return ctx.transact('removeInboxPhotos', () => {
      const files = ctx.db
        .select({ blobPath: photoLibrary.blobPath, thumbnailPath: photoLibrary.thumbnailPath })
        .from(photoLibrary)
        .where(waiting)
        .all();
      if (files.length > 0) ctx.db.delete(photoLibrary).where(waiting).run();
      return files;
    });
  }

  /** The name each blob had on its card (those of `sha256s` in the library). */
  originalNames(sha256s: readonly string[]): Map<string, string> {
    const rows = this.parts.ctx.db
      .select({ sha256: photoLibrary.sha256, name: photoLibrary.originalName })
      .from(photoLibrary)
      .where(inArray(photoLibrary.sha256, [...sha256s]))
      .all();
    return new Map(rows.map((r) => [r.sha256, r.name]));
  }

  /**
   * Whether a photo row of this device names a blob: its library row or its upload-queue row. The
   * statements are prepared once per call: a sweep asks for every file of a library that can hold tens
   * of thousands, on the main process.
   */
  referenceCheck(): (sha256: string) => boolean {
    const { db } = this.parts.ctx;
    const sha256 = sql.placeholder('sha256');
    const library = db.select({ one: sql`1` }).from(photoLibrary).where(eq(photoLibrary.sha256, sha256)).prepare();
    const queued = db.select({ one: sql`1` }).from(photoUploads).where(eq(photoUploads.sha256, sha256)).prepare();
    return (hash) => library.get({ sha256: hash }) !== undefined || queued.get({ sha256: hash }) !== undefined;
  }
}
