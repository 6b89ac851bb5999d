import type { SchoolDetail, SchoolRow } from '../../../shared/ipc/schemas/graph.js';
import { quote } from '../codec/row-codec.js';
import { containsPattern } from './like-pattern.js';
import { openConflictsBy } from './owner-walk.js';
import type { RecordReader } from './record-reader.js';
import { schoolMatchesSql } from './school-match.js';

export interface SchoolFilter {
  readonly districtId?: string;
  readonly search?: string;
  readonly offset: number;
  readonly limit: number;
}

/** Schools (of a district, or matching a search) with their teacher and visit counts, a page at a time. */
export function readSchools(reader: RecordReader, filter: SchoolFilter): { items: SchoolRow[]; total: number } {
  const school = reader.def('school');
  const teacher = reader.def('teacher');
  const visit = reader.def('schoolVisit');
  const search = filter.search?.trim() ? containsPattern(filter.search.trim()) : undefined;
  const where = [
    's._deleted = 0',
    filter.districtId ? `${reader.column('districtId', 's')} = @district` : null,
    search ? schoolMatchesSql(reader, 'search') : null,
  ]
    .filter(Boolean)
    .join(' and ');
  const key = `${filter.districtId ? 'd' : ''}${search ? 's' : ''}`;
  const params = { district: filter.districtId ?? null, search: search ?? null };
  const bind = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null));
  const visitsOf = (extra: string) =>
    `(select count(*) from ${quote(visit.table)} v where ${reader.column('schoolId', 'v')} = s.id and v._deleted = 0${extra})`;
  const rows = reader
    .prepare(
      `schools:${key}`,
      () =>
        `select s.id as id, ${reader.column('districtId', 's')} as districtId, ${reader.column('name', 's')} as name,
         ${reader.column('emisCode', 's')} as emisCode, ${reader.column('type', 's')} as type, s._local_state as localState,
         (select count(*) from ${quote(teacher.table)} t where ${reader.column('schoolId', 't')} = s.id and t._deleted = 0) as teachers,
         ${visitsOf('')} as visits,
         ${visitsOf(` and ${reader.column('reviewStatus', 'v')} = 'pending'`)} as awaitingReview,
         ${visitsOf(" and v._local_state = 'pending'")} as pendingVisits
       from ${quote(school.table)} s where ${where}
       order by ${reader.column('name', 's')}, s.id limit @limit offset @offset`,
    )
    .all({ ...bind, limit: filter.limit, offset: filter.offset }) as (Omit<SchoolRow, 'pending' | 'conflicts'> & {
    pendingVisits: number;
  })[];
  const total = (
    reader
      .prepare(`schoolCount:${key}`, () => `select count(*) as n from ${quote(school.table)} s where ${where}`)
      .get(bind) as {
      n: number;
    }
  ).n;
  const conflicts = rows.length > 0 ? openConflictsBy(reader, 'school') : new Map<string, number>();
  return {
    total,
    items: rows.map(({ pendingVisits, ...row }) => ({
      ...row,
      localState: row.localState === 'pending' ? 'pending' : 'synced',
      pending: pendingVisits + (row.localState === 'pending' ? 1 : 0),
      conflicts: conflicts.get(row.id) ?? 0,
    })),
  };
}

/** A school with its area path, its teachers and how many visits it has; `undefined` if not here. */
export function readSchool(reader: RecordReader, id: string): SchoolDetail | undefined {
  const school = reader.byId('school', id);
  if (!school) return undefined;
  const path: SchoolDetail['path'] = [];
  let def = reader.def('school');
  let ownerId = def.ownerRef ? (school.fields[def.ownerRef.field] as string | null) : null;
  while (def.ownerRef?.entity && ownerId) {
    const owner = reader.byId(def.ownerRef.entity, ownerId);
    if (!owner) break;
    def = reader.def(owner.entity);
    if (!def.ownerRef) break; // the tenant root is not a place
    path.push({ entity: owner.entity, id: owner.id, name: owner.title });
    ownerId = owner.fields[def.ownerRef.field] as string | null;
  }
  const visit = reader.def('schoolVisit');
  const visits = (
    reader
      .prepare(
        'schoolVisitCount',
        () =>
          `select count(*) as n from ${quote(visit.table)} t where ${reader.column('schoolId')} = ? and t._deleted = 0`,
      )
      .get(id) as { n: number }
  ).n;
  return { school, path: path.reverse(), teachers: reader.byRef('teacher', 'schoolId', id), visits };
}
