import type { AppError } from '../../../shared/errors.js';
import type { PhotoUploadRowState } from '../schema/photo-tables.js';
import type { RecordReader } from './record-reader.js';

/** One file of this device's photo upload queue as the Queue screen lists it. */
export interface PhotoUploadListRow {
  readonly sha256: string;
  readonly photoId: string;
  readonly fileName: string;
  readonly visitId: string;
  /** `YYYY-MM-DD`, null when the visit is not (or no longer) in this store. */
  readonly visitDate: string | null;
  readonly schoolName: string | null;
  readonly size: number;
  readonly bytesAcked: number;
  readonly state: PhotoUploadRowState;
  readonly attempts: number;
  readonly error: AppError | null;
}

/**
 * The upload queue, unfinished first (failed, uploading, queued) then the most recent done, at most
 * `limit`, with each file's name and visit: what the Queue screen's photo card shows.
 */
export function photoUploadList(reader: RecordReader, limit: number): PhotoUploadListRow[] {
  const visit = reader.def('schoolVisit');
  const v = (field: string) => reader.column(field, 'v');
  const rows = reader
    .prepare(
      'photoUploadList',
      () =>
        `select u.sha256 as sha256, u.photo_id as photoId, coalesce(l.original_name, u.sha256) as fileName,
         u.school_visit_id as visitId, ${v('visitDate')} as visitDate, ${reader.column('name', 's')} as schoolName,
         u.size as size, u.bytes_acked as bytesAcked, u.state as state, u.attempts as attempts, u.last_error as error
       from photo_uploads u
       left join photo_library l on l.sha256 = u.sha256
       left join ${reader.table('schoolVisit')} v on v.id = u.school_visit_id
       left join ${reader.table('school')} s on s.id = ${reader.column(visit.ownerRef?.field ?? 'schoolId', 'v')}
       order by case u.state when 'failed' then 0 when 'uploading' then 1 when 'queued' then 2 else 3 end,
         u.updated_at desc limit ?`,
    )
    .all(limit) as (Omit<PhotoUploadListRow, 'error'> & { error: string | null })[];
  return rows.map((row) => ({ ...row, error: row.error === null ? null : (JSON.parse(row.error) as AppError) }));
}
