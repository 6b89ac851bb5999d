import type { WorklistFilter, WorklistSort } from '../../../shared/ipc/schemas/worklist.js';
import { quote } from '../codec/row-codec.js';
import { containsPattern } from './like-pattern.js';
import type { RecordReader } from './record-reader.js';

/**
 * Which visits a list keeps: the worklist's filters, a review status (the worklist's tab) and an area
 * (a region, which the report's exports offer). The worklist's pages and counts and the visit-based
 * exports build their `where` from this one place, so an export holds exactly the rows the list shows.
 */
export type VisitConditions = WorklistFilter & {
  readonly regionId?: string;
  readonly reviewStatus?: string;
};

type Bind = Record<string, string | number>;

/** A `where` over `visitFrom()`: its SQL, parameters, a cache key naming the filters that are on, the joins it needs. */
export interface VisitWhere {
  readonly sql: string;
  readonly bind: Bind;
  readonly key: string;
  readonly joins: ReadonlySet<'s' | 'd'>;
}

/** Visits `v` with their school `s` and district `d`; `joins` leaves out the ones a count does not need. */
export function visitFrom(reader: RecordReader, joins: ReadonlySet<'s' | 'd'> = new Set(['s', 'd'])): string {
  let from = `from ${reader.table('schoolVisit')} v`;
  if (joins.has('s') || joins.has('d'))
    from += ` join ${reader.table('school')} s on s.id = ${reader.column('schoolId', 'v')}`;
  if (joins.has('d')) from += ` join ${reader.table('district')} d on d.id = ${reader.column('districtId', 's')}`;
  return from;
}

/** The live photos of visit `v`, counted. */
export function visitPhotoCount(reader: RecordReader): string {
  const photo = reader.def('photo');
  const ref = photo.ownerRef?.column ?? 'school_visit_id';
  return `(select count(*) from ${quote(photo.table)} p where p.${quote(ref)} = v.id and p._deleted = 0)`;
}

/** The `where` of the visits that meet `conditions`; `today` (`YYYY-MM-DD`) decides which follow-ups are due. */
export function visitWhere(reader: RecordReader, conditions: VisitConditions, today: () => string): VisitWhere {
  const r = reader;
  const photo = r.def('photo');
  const photoRef = photo.ownerRef?.column ?? 'school_visit_id';
  const v = (field: string) => r.column(field, 'v');
  const parts: string[] = ['v._deleted = 0'];
  const bind: Bind = {};
  const joins = new Set<'s' | 'd'>();
  let key = '';
  const add = (k: string, sql: string, params: Bind = {}, join?: 's' | 'd') => {
    key += k;
    parts.push(sql);
    Object.assign(bind, params);
    if (join) joins.add(join);
  };
  const c = conditions;
  if (c.reviewStatus) add('t', `${v('reviewStatus')} = @review`, { review: c.reviewStatus });
  if (c.regionId) add('r', `${r.column('regionId', 'd')} = @region`, { region: c.regionId }, 'd');
  if (c.districtId) add('d', `${r.column('districtId', 's')} = @district`, { district: c.districtId }, 's');
  if (c.schoolId) add('s', `${v('schoolId')} = @school`, { school: c.schoolId });
  if (c.dateFrom) add('f', `${v('visitDate')} >= @dateFrom`, { dateFrom: c.dateFrom });
  if (c.dateTo) add('u', `${v('visitDate')} <= @dateTo`, { dateTo: c.dateTo });
  if (c.monitor) add('m', `${v('monitorName')} = @monitor`, { monitor: c.monitor });
  if (c.hasPhotos !== undefined) {
    const exists = `exists (select 1 from ${quote(photo.table)} p where p.${quote(photoRef)} = v.id and p._deleted = 0)`;
    add(c.hasPhotos ? 'P' : 'p', c.hasPhotos ? exists : `not ${exists}`);
  }
  if (c.hasConflict !== undefined) {
    const exists = `exists (select 1 from conflicts c where c.entity = 'schoolVisit' and c.record_id = v.id and c.status = 'open')`;
    add(c.hasConflict ? 'C' : 'c', c.hasConflict ? exists : `not ${exists}`);
  }
  if (c.unsynced !== undefined) add(c.unsynced ? 'N' : 'n', `v._local_state ${c.unsynced ? '=' : '<>'} 'pending'`);
  if (c.followUpDue)
    add('F', `${v('reviewStatus')} = 'flagged' and ${v('followUpDate')} <= @today`, { today: today() });
  if (c.text) {
    add(
      'x',
      `(${r.column('name', 's')} like @text escape '\\' or ${v('monitorName')} like @text escape '\\'
          or ${v('reviewComment')} like @text escape '\\' or ${v('notes')} like @text escape '\\')`,
      { text: containsPattern(c.text) },
      's',
    );
  }
  return { sql: parts.join(' and '), bind, key, joins };
}

/** `order by` of a sort over `visitFrom()`: the column, then newest first and the id so pages never overlap or skip. */
export function visitOrder(reader: RecordReader, sort: WorklistSort, descending: boolean): string {
  const r = reader;
  const dir = descending ? 'desc' : 'asc';
  const date = r.column('visitDate', 'v');
  const keys: Record<WorklistSort, string> = {
    school: `${r.column('name', 's')} collate nocase ${dir}`,
    district: `${r.column('name', 'd')} collate nocase ${dir}, ${r.column('name', 's')} collate nocase`,
    date: `${date} ${dir}`,
    monitor: `${r.column('monitorName', 'v')} collate nocase ${dir}`,
    status: `${r.column('status', 'v')} ${dir}`,
    review: `${r.column('reviewStatus', 'v')} ${dir}`,
    photos: `${visitPhotoCount(r)} ${dir}`,
  };
  const tail = sort === 'date' ? `v.id ${dir}` : `${date} desc, v.id`;
  return `${keys[sort]}, ${tail}`;
}
