import { eq, inArray, sql } from 'drizzle-orm';
import type { photo } from '../../../shared/entities/photo.js';
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
