import type { AppError } from '../../../shared/errors.js';
import type { PhotoUploadRowState } from '../schema/photo-tables.js';
import type { RecordReader } from './record-reader.js';

/** A photo record of a visit, with what this device holds of it. */
export interface VisitPhotoRow {
  readonly photoId: string;
  readonly sha256: string;
  readonly originalName: string;
  readonly capturedAt: string | null;
  readonly camera: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly size: number;
  /** This device imported it and made a thumbnail (in its photo library). */
  readonly hasThumbnail: boolean;
  /** Its upload from this device; `remote` when it was imported elsewhere. */
  readonly upload: PhotoUploadRowState | 'remote';
  readonly error: AppError | null;
}

/** The live photo records of a visit, by capture time, joined with this device's library and upload queue. */
export function visitPhotos(reader: RecordReader, visitId: string): VisitPhotoRow[] {
  const p = (field: string) => reader.column(field, 'p');
  const rows = reader
    .prepare(
      'visitPhotos',
      () =>
        `select p.id as photoId, ${p('sha256')} as sha256, ${p('originalName')} as originalName,
         ${p('capturedAt')} as capturedAt, ${p('camera')} as camera, ${p('size')} as size,
         ${p('latitude')} as latitude, ${p('longitude')} as longitude,
         l.thumbnail_path is not null as hasThumbnail, coalesce(u.state, 'remote') as upload, u.last_error as error
       from ${reader.table('photo')} p
       left join photo_library l on l.sha256 = ${p('sha256')}
       left join photo_uploads u on u.sha256 = ${p('sha256')}
       where ${p('schoolVisitId')} = ? and p._deleted = 0 order by ${p('capturedAt')}, ${p('originalName')}`,
    )
    .all(visitId) as (Omit<VisitPhotoRow, 'hasThumbnail' | 'error'> & { hasThumbnail: number; error: string | null })[];
  return rows.map((row) => ({
    ...row,
    hasThumbnail: row.hasThumbnail === 1,
    error: row.error === null ? null : (JSON.parse(row.error) as AppError),
  }));
}
