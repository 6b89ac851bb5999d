import type { ExportEntity, ExportFilter } from '../../../shared/reports/export-request.js';
import { quote } from '../codec/row-codec.js';
import { containsPattern } from './like-pattern.js';
import type { RecordReader } from './record-reader.js';
import { schoolMatchesSql } from './school-match.js';
import { type VisitConditions, visitFrom, visitOrder, visitWhere } from './visit-conditions.js';

/** How a column's values are typed in the file (xlsx cells; CSV text). */
export type ExportKind = 'text' | 'int' | 'real' | 'date' | 'datetime' | 'bool';

/** One column of an export: `key` is the row's property and the catalog key of its header. */
export interface ExportColumn {
  readonly key: string;
  readonly kind: ExportKind;
  /** An enumeration field whose values are shown in the officer's words. */
  readonly values?: { readonly entity: string; readonly field: string };
  /**
   * A monitoring question's wording: where the form gives none, the writer says "Question n" from the
   * row's `position` property (the question's place in its form), never the answers' key.
   */
  readonly unlabelledQuestion?: { readonly position: string };
}

export type ExportRow = Record<string, string | number | null>;

interface ExportPlan {
  /** Visits or schools drive the export: their ordered ids are read first, then rows a chunk of them at a time. */
  readonly driver: 'visit' | 'school';
  readonly columns: readonly ExportColumn[];
  /** Rows for the driver ids bound as a JSON array `@ids`, in export order. */
  rows(reader: RecordReader): string;
  /** Rows for the driver ids, counted. */
  count(reader: RecordReader): string;
}

const text = (key: string): ExportColumn => ({ key, kind: 'text' });
const int = (key: string): ExportColumn => ({ key, kind: 'int' });
const real = (key: string): ExportColumn => ({ key, kind: 'real' });
const values = (key: string, entity: string, field: string): ExportColumn => ({
  key,
  kind: 'text',
  values: { entity, field },
});

const PLACE = [text('region'), text('district'), text('school'), text('emisCode')];

/** `from … join schools s join districts d join regions r` columns every export starts with. */
function place(reader: RecordReader): string {
  return `r.${col(reader, 'name')} as region, d.${col(reader, 'name')} as district, s.${col(reader, 'name')} as school,
    s.${col(reader, 'emisCode')} as emisCode`;
}

function placeJoins(reader: RecordReader): string {
  return `join ${reader.table('district')} d on d.id = s.${col(reader, 'districtId')}
    join ${reader.table('region')} r on r.id = d.${col(reader, 'regionId')}`;
}

const col = (reader: RecordReader, field: string) => reader.column(field, null);

/** Visits of the chunk `@ids`, joined to their school and area, in the driver's order (`k.key`). */
function visitChunk(reader: RecordReader): string {
  return `json_each(@ids) k join ${reader.table('schoolVisit')} v on v.id = k.value
    join ${reader.table('school')} s on s.id = v.${col(reader, 'schoolId')} ${placeJoins(reader)}`;
}

function schoolChunk(reader: RecordReader): string {
  return `json_each(@ids) k join ${reader.table('school')} s on s.id = k.value ${placeJoins(reader)}`;
}

/** Live children of visit `v` of one type, counted. */
function childCount(reader: RecordReader, entity: string): string {
  return `(select count(*) from ${reader.table(entity)} c where c.${col(reader, 'schoolVisitId')} = v.id and c._deleted = 0)`;
}

const PLANS: Record<ExportEntity, ExportPlan> = {
  visits: {
    driver: 'visit',
    columns: [
      ...PLACE,
      { key: 'visitDate', kind: 'date' },
      text('monitorName'),
      values('status', 'schoolVisit', 'status'),
      values('reviewStatus', 'schoolVisit', 'reviewStatus'),
      text('reviewComment'),
      text('reviewedBy'),
      { key: 'reviewedAt', kind: 'datetime' },
      int('teacherVisits'),
      int('pupilAssessments'),
      int('monitoringAnswers'),
      int('photos'),
      real('latitude'),
      real('longitude'),
      text('notes'),
      text('visitId'),
    ],
    rows: (reader) => `select ${place(reader)}, v.${col(reader, 'visitDate')} as visitDate,
        v.${col(reader, 'monitorName')} as monitorName, v.${col(reader, 'status')} as status,
        v.${col(reader, 'reviewStatus')} as reviewStatus, v.${col(reader, 'reviewComment')} as reviewComment,
        v.${col(reader, 'reviewedBy')} as reviewedBy, v.${col(reader, 'reviewedAt')} as reviewedAt,
        ${childCount(reader, 'teacherVisit')} as teacherVisits, ${childCount(reader, 'pupilAssessment')} as pupilAssessments,
        ${childCount(reader, 'monitoringAnswer')} as monitoringAnswers, ${childCount(reader, 'photo')} as photos,
        v.${col(reader, 'latitude')} as latitude, v.${col(reader, 'longitude')} as longitude,
        v.${col(reader, 'notes')} as notes, v.id as visitId
      from ${visitChunk(reader)} order by k.key`,
    count: () => 'select count(*) from json_each(@ids)',
  },
  schools: {
    driver: 'school',
    columns: [
      ...PLACE,
      values('type', 'school', 'type'),
      int('enrolment'),
      text('headTeacher'),
      text('phone'),
      { key: 'active', kind: 'bool' },
      real('latitude'),
      real('longitude'),
      int('teachers'),
      int('visits'),
      { key: 'lastVisit', kind: 'date' },
      text('schoolId'),
    ],
    rows: (reader) => {
      const visits = `from ${reader.table('schoolVisit')} v where v.${col(reader, 'schoolId')} = s.id and v._deleted = 0
        and (@from is null or v.${col(reader, 'visitDate')} >= @from) and (@to is null or v.${col(reader, 'visitDate')} <= @to)`;
      return `select ${place(reader)}, s.${col(reader, 'type')} as type, s.${col(reader, 'enrolment')} as enrolment,
        s.${col(reader, 'headTeacher')} as headTeacher, s.${col(reader, 'phone')} as phone, s.${col(reader, 'active')} as active,
        s.${col(reader, 'latitude')} as latitude, s.${col(reader, 'longitude')} as longitude,
        (select count(*) from ${reader.table('teacher')} t where t.${col(reader, 'schoolId')} = s.id and t._deleted = 0) as teachers,
        (select count(*) ${visits}) as visits, (select max(v.${col(reader, 'visitDate')}) ${visits}) as lastVisit, s.id as schoolId
      from ${schoolChunk(reader)} order by k.key`;
    },
    count: () => 'select count(*) from json_each(@ids)',
  },
  teachers: {
    driver: 'school',
    columns: [
      ...PLACE,
      text('lastName'),
      text('firstName'),
      values('gender', 'teacher', 'gender'),
      text('employeeNumber'),
      text('qualification'),
      text('phone'),
      { key: 'active', kind: 'bool' },
      int('lessonsObserved'),
      text('teacherId'),
    ],
    rows: (
      reader,
    ) => `select ${place(reader)}, t.${col(reader, 'lastName')} as lastName, t.${col(reader, 'firstName')} as firstName,
        t.${col(reader, 'gender')} as gender, t.${col(reader, 'employeeNumber')} as employeeNumber,
        t.${col(reader, 'qualification')} as qualification, t.${col(reader, 'phone')} as phone, t.${col(reader, 'active')} as active,
        (select count(*) from ${reader.table('teacherVisit')} tv join ${reader.table('schoolVisit')} v on v.id = tv.${col(reader, 'schoolVisitId')}
          where tv.${col(reader, 'teacherId')} = t.id and tv._deleted = 0 and v._deleted = 0
          and (@from is null or v.${col(reader, 'visitDate')} >= @from) and (@to is null or v.${col(reader, 'visitDate')} <= @to)) as lessonsObserved,
        t.id as teacherId
      from ${schoolChunk(reader)} join ${reader.table('teacher')} t on t.${col(reader, 'schoolId')} = s.id and t._deleted = 0
      order by k.key, t.${col(reader, 'lastName')}, t.${col(reader, 'firstName')}, t.id`,
    count: (reader) =>
      `select count(*) from json_each(@ids) k join ${reader.table('teacher')} t on t.${col(reader, 'schoolId')} = k.value and t._deleted = 0`,
  },
  pupilAssessments: {
    driver: 'visit',
    columns: [
      ...PLACE,
      { key: 'visitDate', kind: 'date' },
      text('pupilCode'),
      int('grade'),
      values('gender', 'pupilAssessment', 'gender'),
      int('age'),
      text('language'),
      int('durationSeconds'),
      int('total'),
      values('benchmarkBand', 'assessmentResult', 'benchmarkBand'),
      text('visitId'),
      text('assessmentId'),
    ],
    rows: (
      reader,
    ) => `select ${place(reader)}, v.${col(reader, 'visitDate')} as visitDate, a.${col(reader, 'pupilCode')} as pupilCode,
        a.${col(reader, 'grade')} as grade, a.${col(reader, 'gender')} as gender, a.${col(reader, 'age')} as age,
        a.${col(reader, 'language')} as language, a.${col(reader, 'durationSeconds')} as durationSeconds,
        res.${col(reader, 'total')} as total, res.${col(reader, 'benchmarkBand')} as benchmarkBand, v.id as visitId, a.id as assessmentId
      from ${visitChunk(reader)}
        join ${reader.table('pupilAssessment')} a on a.${col(reader, 'schoolVisitId')} = v.id and a._deleted = 0
        left join ${reader.table('assessmentResult')} res on res.${col(reader, 'pupilAssessmentId')} = a.id and res._deleted = 0
      order by k.key, a.${col(reader, 'pupilCode')}, a.id`,
    count: (reader) =>
      `select count(*) from json_each(@ids) k join ${reader.table('pupilAssessment')} a on a.${col(reader, 'schoolVisitId')} = k.value and a._deleted = 0`,
  },
  sectionAnswers: {
    driver: 'visit',
    columns: [
      text('district'),
      text('school'),
      text('emisCode'),
      { key: 'visitDate', kind: 'date' },
      text('pupilCode'),
      int('grade'),
      text('section'),
      int('correct'),
      int('attempted'),
      int('seconds'),
      text('answers'),
      text('assessmentId'),
      text('sectionAnswerId'),
    ],
    rows: (
      reader,
    ) => `select d.${col(reader, 'name')} as district, s.${col(reader, 'name')} as school, s.${col(reader, 'emisCode')} as emisCode,
        v.${col(reader, 'visitDate')} as visitDate, a.${col(reader, 'pupilCode')} as pupilCode, a.${col(reader, 'grade')} as grade,
        x.${col(reader, 'section')} as section, x.${col(reader, 'correct')} as correct, x.${col(reader, 'attempted')} as attempted,
        x.${col(reader, 'seconds')} as seconds, x.${col(reader, 'answers')} as answers, a.id as assessmentId, x.id as sectionAnswerId
      from ${visitChunk(reader)}
        join ${reader.table('pupilAssessment')} a on a.${col(reader, 'schoolVisitId')} = v.id and a._deleted = 0
        join ${reader.table('sectionAnswer')} x on x.${col(reader, 'pupilAssessmentId')} = a.id and x._deleted = 0
      order by k.key, a.${col(reader, 'pupilCode')}, a.id, x.rowid`,
    count: (reader) =>
      `select count(*) from json_each(@ids) k join ${reader.table('pupilAssessment')} a on a.${col(reader, 'schoolVisitId')} = k.value and a._deleted = 0
        join ${reader.table('sectionAnswer')} x on x.${col(reader, 'pupilAssessmentId')} = a.id and x._deleted = 0`,
  },
  monitoringAnswers: {
    driver: 'visit',
    columns: [
      ...PLACE,
      { key: 'visitDate', kind: 'date' },
      text('form'),
      text('questionKey'),
      { key: 'question', kind: 'text', unlabelledQuestion: { position: 'questionPosition' } },
      text('value'),
      text('comment'),
      text('visitId'),
      text('answerId'),
    ],
    rows: (reader) => `with questions as (
          select f.id as formId, json_extract(q.value, '$.key') as key,
            nullif(trim(json_extract(q.value, '$.label')), '') as label, q.key + 1 as position
          from ${reader.table('projectForm')} f, json_each(f.${col(reader, 'questions')}) q)
      select ${place(reader)}, v.${col(reader, 'visitDate')} as visitDate, f.${col(reader, 'name')} as form,
        m.${col(reader, 'questionKey')} as questionKey, qs.label as question, qs.position as questionPosition, m.${col(reader, 'value')} as value,
        m.${col(reader, 'comment')} as comment, v.id as visitId, m.id as answerId
      from ${visitChunk(reader)}
        join ${reader.table('monitoringAnswer')} m on m.${col(reader, 'schoolVisitId')} = v.id and m._deleted = 0
        left join ${reader.table('projectForm')} f on f.id = m.${col(reader, 'projectFormId')}
        left join questions qs on qs.formId = m.${col(reader, 'projectFormId')} and qs.key = m.${col(reader, 'questionKey')}
      order by k.key, m.rowid`,
    count: (reader) =>
      `select count(*) from json_each(@ids) k join ${reader.table('monitoringAnswer')} m on m.${col(reader, 'schoolVisitId')} = k.value and m._deleted = 0`,
  },
};

/** The columns of an export, in file order. */
export function exportColumns(entity: ExportEntity): readonly ExportColumn[] {
  return PLANS[entity].columns;
}

/** Filters as bound parameters (every name present, `null` when unset, so one statement serves all). */
function bindOf(filter: ExportFilter) {
  return {
    region: filter.regionId ?? null,
    district: filter.districtId ?? null,
    school: filter.schoolId ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
  };
}

/** An export's filter as the conditions the worklist builds its `where` from. */
function visitConditions(filter: ExportFilter): VisitConditions {
  const { from, to, sort: _sort, descending: _descending, ...rest } = filter;
  return { ...rest, ...(from ? { dateFrom: from } : {}), ...(to ? { dateTo: to } : {}) };
}

/**
 * Ids of the visits or schools an export covers, in its order: visits as the worklist shows them under
 * the same filters (one `where` for both: `visitWhere`), newest first unless a sort is given; schools by
 * district and name. A few thousand strings at most, so a long export never keeps a statement open
 * between its pages (the app goes on reading while it writes).
 */
function driverIds(
  reader: RecordReader,
  driver: 'visit' | 'school',
  filter: ExportFilter,
  today: () => string,
): string[] {
  if (driver === 'visit') {
    const where = visitWhere(reader, visitConditions(filter), today);
    const sort = filter.sort ?? 'date';
    const descending = filter.descending ?? true;
    return reader
      .prepare(
        `exportIds:visit:${where.key}:${sort}:${descending}`,
        () => `select v.id ${visitFrom(reader)} where ${where.sql} order by ${visitOrder(reader, sort, descending)}`,
      )
      .pluck()
      .all(where.bind) as string[];
  }
  const area = `(@region is null or d.${col(reader, 'regionId')} = @region) and (@district is null or d.id = @district)
    and (@school is null or s.id = @school)`;
  const { region, district, school } = bindOf(filter);
  // The schools screen's search words: the schools its search finds (name or EMIS code).
  const words = filter.text?.trim();
  return reader
    .prepare(
      `exportIds:school:${words ? 'search' : 'all'}`,
      () => `select s.id from ${reader.table('school')} s join ${reader.table('district')} d on d.id = s.${col(reader, 'districtId')}
        where s._deleted = 0 and ${area}${words ? ` and ${schoolMatchesSql(reader, 'search')}` : ''}
        order by d.${col(reader, 'name')}, s.${col(reader, 'name')}, s.id`,
    )
    .pluck()
    .all({ region, district, school, ...(words ? { search: containsPattern(words) } : {}) }) as string[];
}

/** A planned export: how many rows it has and its rows a page at a time. */
export interface ExportCursor {
  readonly columns: readonly ExportColumn[];
  readonly total: number;
  /** Pages of rows in export order; each page is one short query. */
  pages(): Generator<ExportRow[]>;
}

/** Drivers per page: a page of visits' section answers is about 25 rows a visit. */
const DRIVERS_PER_PAGE: Record<ExportEntity, number> = {
  visits: 2000,
  schools: 2000,
  teachers: 200,
  pupilAssessments: 400,
  sectionAnswers: 200,
  monitoringAnswers: 200,
};

/** Plans an export of `entity` under `filter`. */
export function planExport(
  reader: RecordReader,
  entity: ExportEntity,
  filter: ExportFilter,
  today: () => string,
): ExportCursor {
  const plan = PLANS[entity];
  const ids = driverIds(reader, plan.driver, filter, today);
  const bind = bindOf(filter);
  const total = (
    reader
      .prepare(`exportCount:${entity}`, () => plan.count(reader))
      .pluck()
      .get({ ids: JSON.stringify(ids) }) as number
  ).valueOf();
  const perPage = DRIVERS_PER_PAGE[entity];
  const statement = reader.prepare(`exportRows:${entity}`, () => plan.rows(reader));
  const usesPeriod = statement.source.includes('@from');
  return {
    columns: plan.columns,
    total,
    *pages() {
      for (let start = 0; start < ids.length; start += perPage) {
        const chunk = JSON.stringify(ids.slice(start, start + perPage));
        yield statement.all(usesPeriod ? { ids: chunk, from: bind.from, to: bind.to } : { ids: chunk }) as ExportRow[];
      }
    },
  };
}

/** Districts by name (exact, case-insensitive), for the CLI's `--district`. */
export function districtsNamed(reader: RecordReader, name: string): { id: string; name: string }[] {
  return reader
    .prepare(
      'districtsNamed',
      () =>
        `select id, ${quote('name')} as name from ${reader.table('district')} where _deleted = 0 and lower(name) = lower(?) order by id`,
    )
    .all(name.trim()) as { id: string; name: string }[];
}
