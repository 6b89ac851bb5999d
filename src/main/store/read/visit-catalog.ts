import type { RecordReader } from './record-reader.js';

/** A visit as the officer picks it from a list. */
export interface VisitChoice {
  readonly id: string;
  /** `YYYY-MM-DD`. */
  readonly visitDate: string;
  readonly schoolName: string;
}

/** A visit a photo may belong to, with where it happened. */
export interface VisitPlace extends VisitChoice {
  /** The visit's recorded position, else its school's; `null` when neither is known. */
  readonly latitude: number | null;
  readonly longitude: number | null;
}

/**
 * Live visits on any of `days` (`YYYY-MM-DD`), with their school's name and position: the photo
 * import's candidates for photos taken those days. Everything this officer has synced, nothing more.
 */
export function visitsOnDays(reader: RecordReader, days: readonly string[]): VisitPlace[] {
  if (days.length === 0) return [];
  const { from, v, s } = visitsWithSchools(reader);
  return reader
    .prepare(
      'visitsOnDays',
      () =>
        `select v.id as id, ${v('visitDate')} as visitDate, ${s('name')} as schoolName,
         coalesce(${v('latitude')}, ${s('latitude')}) as latitude, coalesce(${v('longitude')}, ${s('longitude')}) as longitude
       from ${from} where v._deleted = 0 and ${v('visitDate')} in (select value from json_each(?))
       order by ${v('visitDate')}, ${s('name')}`,
    )
    .all(JSON.stringify(days)) as VisitPlace[];
}

/** The most recent live visits, newest first, with where they happened (more choices for the photos). */
export function recentVisits(reader: RecordReader, limit: number): VisitPlace[] {
  const { from, v, s } = visitsWithSchools(reader);
  return reader
    .prepare(
      'recentVisits',
      () =>
        `select v.id as id, ${v('visitDate')} as visitDate, ${s('name')} as schoolName,
         coalesce(${v('latitude')}, ${s('latitude')}) as latitude, coalesce(${v('longitude')}, ${s('longitude')}) as longitude
       from ${from} where v._deleted = 0 order by ${v('visitDate')} desc, ${s('name')} limit ?`,
    )
    .all(limit) as VisitPlace[];
}

function visitsWithSchools(reader: RecordReader) {
  const visit = reader.def('schoolVisit');
  return {
    from: `${reader.table('schoolVisit')} v join ${reader.table('school')} s on s.id = ${reader.column(visit.ownerRef?.field ?? 'schoolId', 'v')}`,
    v: (field: string) => reader.column(field, 'v'),
    s: (field: string) => reader.column(field, 's'),
  };
}
