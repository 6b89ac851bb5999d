import enEntities from '../../../src/shared/i18n/locales/en/entities.json' with { type: 'json' };
import enReports from '../../../src/shared/i18n/locales/en/reports.json' with { type: 'json' };
import type { ExportEntity, ExportFilter } from '../../../src/shared/reports/export-request.js';
import type { FixtureRecord, FixtureRecords } from './fixture-records.js';

export type Cell = string | number | boolean | Date | null;

/** An export's expected header and rows, computed from the generator's records (never the store's SQL). */
export interface ExpectedExport {
  readonly header: string[];
  readonly rows: Cell[][];
}

const values = enEntities as unknown as Record<string, { values?: Record<string, Record<string, string>> }>;
const word = (entity: string, field: string, value: unknown) =>
  values[entity]?.values?.[field]?.[String(value)] ?? String(value);
const headers = (keys: string[]) =>
  keys.map((k) => (enReports.export.columns as Record<string, string>)[k] ?? `missing header ${k}`);

const day = (value: unknown) => new Date(`${String(value)}T00:00:00Z`);
const wallClock = (value: unknown) => {
  if (value === null || value === undefined) return null;
  const instant = new Date(String(value));
  return new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000);
};
const text = (value: unknown): Cell => (value === null || value === undefined || value === '' ? null : String(value));
const num = (value: unknown): Cell => (value === null || value === undefined ? null : Number(value));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function expectedExport(data: FixtureRecords, entity: ExportEntity, filter: ExportFilter): ExpectedExport {
  const school = (id: unknown) => data.byId('school', String(id));
  const districtOf = (s: FixtureRecord) => data.byId('district', String(s.districtId));
  const regionOf = (s: FixtureRecord) => data.byId('region', String(districtOf(s).regionId));
  const place = (s: FixtureRecord): Cell[] => [
    String(regionOf(s).name),
    String(districtOf(s).name),
    String(s.name),
    String(s.emisCode),
  ];
  const inArea = (s: FixtureRecord) =>
    (!filter.districtId || s.districtId === filter.districtId) &&
    (!filter.regionId || districtOf(s).regionId === filter.regionId) &&
    (!filter.schoolId || s.id === filter.schoolId);
  const inPeriod = (date: unknown) =>
    (!filter.from || String(date) >= filter.from) && (!filter.to || String(date) <= filter.to);
  const visits = data
    .of('schoolVisit')
    .filter(
      (v) =>
        inArea(school(v.schoolId)) &&
        inPeriod(v.visitDate) &&
        (!filter.reviewStatus || v.reviewStatus === filter.reviewStatus),
    )
    // Newest first as the worklist shows them (same day: the id, descending).
    .sort((a, b) => cmp(String(b.visitDate), String(a.visitDate)) || cmp(b.id, a.id));
  const schools = data
    .of('school')
    .filter(inArea)
    .sort(
      (a, b) =>
        cmp(String(districtOf(a).name), String(districtOf(b).name)) ||
        cmp(String(a.name), String(b.name)) ||
        cmp(a.id, b.id),
    );
  const assessmentsOf = (v: FixtureRecord) =>
    [...data.children('pupilAssessment', 'schoolVisitId', v.id)].sort(
      (a, b) => cmp(String(a.pupilCode), String(b.pupilCode)) || cmp(a.id, b.id),
    );
  const placePrefix = ['region', 'district', 'school', 'emisCode'];

  switch (entity) {
    case 'visits':
      return {
        header: headers([
          ...placePrefix,
          'visitDate',
          'monitorName',
          'status',
          'reviewStatus',
          'reviewComment',
          'reviewedBy',
          'reviewedAt',
          'teacherVisits',
          'pupilAssessments',
          'monitoringAnswers',
          'photos',
          'latitude',
          'longitude',
          'notes',
          'visitId',
        ]),
        rows: visits.map((v) => [
          ...place(school(v.schoolId)),
          day(v.visitDate),
          text(v.monitorName),
          word('schoolVisit', 'status', v.status),
          word('schoolVisit', 'reviewStatus', v.reviewStatus),
          text(v.reviewComment),
          text(v.reviewedBy),
          wallClock(v.reviewedAt),
          data.children('teacherVisit', 'schoolVisitId', v.id).length,
          data.children('pupilAssessment', 'schoolVisitId', v.id).length,
          data.children('monitoringAnswer', 'schoolVisitId', v.id).length,
          data.children('photo', 'schoolVisitId', v.id).length,
          num(v.latitude),
          num(v.longitude),
          text(v.notes),
          v.id,
        ]),
      };
    case 'schools':
      return {
        header: headers([
          ...placePrefix,
          'type',
          'enrolment',
          'headTeacher',
          'phone',
          'active',
          'latitude',
          'longitude',
          'teachers',
          'visits',
          'lastVisit',
          'schoolId',
        ]),
        rows: schools.map((s) => {
          const its = data.children('schoolVisit', 'schoolId', s.id).filter((v) => inPeriod(v.visitDate));
          const last = its
            .map((v) => String(v.visitDate))
            .sort()
            .pop();
          return [
            ...place(s),
            word('school', 'type', s.type),
            num(s.enrolment),
            text(s.headTeacher),
            text(s.phone),
            Boolean(s.active),
            num(s.latitude),
            num(s.longitude),
            data.children('teacher', 'schoolId', s.id).length,
            its.length,
            last ? day(last) : null,
            s.id,
          ];
        }),
      };
    case 'teachers':
      return {
        header: headers([
          ...placePrefix,
          'lastName',
          'firstName',
          'gender',
          'employeeNumber',
          'qualification',
          'phone',
          'active',
          'lessonsObserved',
          'teacherId',
        ]),
        rows: schools.flatMap((s) =>
          [...data.children('teacher', 'schoolId', s.id)]
            .sort(
              (a, b) =>
                cmp(String(a.lastName), String(b.lastName)) ||
                cmp(String(a.firstName), String(b.firstName)) ||
                cmp(a.id, b.id),
            )
            .map((t) => [
              ...place(s),
              text(t.lastName),
              text(t.firstName),
              word('teacher', 'gender', t.gender),
              text(t.employeeNumber),
              text(t.qualification),
              text(t.phone),
              Boolean(t.active),
              data
                .children('teacherVisit', 'teacherId', t.id)
                .filter((tv) => inPeriod(data.byId('schoolVisit', String(tv.schoolVisitId)).visitDate)).length,
              t.id,
            ]),
        ),
      };
    case 'pupilAssessments':
      return {
        header: headers([
          ...placePrefix,
          'visitDate',
          'pupilCode',
          'grade',
          'gender',
          'age',
          'language',
          'durationSeconds',
          'total',
          'benchmarkBand',
          'visitId',
          'assessmentId',
        ]),
        rows: visits.flatMap((v) =>
          assessmentsOf(v).map((a) => {
            const [result] = data.children('assessmentResult', 'pupilAssessmentId', a.id);
            return [
              ...place(school(v.schoolId)),
              day(v.visitDate),
              text(a.pupilCode),
              num(a.grade),
              word('pupilAssessment', 'gender', a.gender),
              num(a.age),
              text(a.language),
              num(a.durationSeconds),
              num(result?.total),
              result ? word('assessmentResult', 'benchmarkBand', result.benchmarkBand) : null,
              v.id,
              a.id,
            ];
          }),
        ),
      };
    case 'sectionAnswers':
      return {
        header: headers([
          'district',
          'school',
          'emisCode',
          'visitDate',
          'pupilCode',
          'grade',
          'section',
          'correct',
          'attempted',
          'seconds',
          'answers',
          'assessmentId',
          'sectionAnswerId',
        ]),
        rows: visits.flatMap((v) =>
          assessmentsOf(v).flatMap((a) =>
            data.children('sectionAnswer', 'pupilAssessmentId', a.id).map((x) => {
              const s = school(v.schoolId);
              return [
                String(districtOf(s).name),
                String(s.name),
                String(s.emisCode),
                day(v.visitDate),
                text(a.pupilCode),
                num(a.grade),
                text(x.section),
                num(x.correct),
                num(x.attempted),
                num(x.seconds),
                text(x.answers),
                a.id,
                x.id,
              ];
            }),
          ),
        ),
      };
    case 'monitoringAnswers':
      return {
        header: headers([
          ...placePrefix,
          'visitDate',
          'form',
          'questionKey',
          'question',
          'value',
          'comment',
          'visitId',
          'answerId',
        ]),
        rows: visits.flatMap((v) =>
          data.children('monitoringAnswer', 'schoolVisitId', v.id).map((m) => {
            const form = data.byId('projectForm', String(m.projectFormId));
            const questions = (typeof form.questions === 'string' ? JSON.parse(form.questions) : form.questions) as {
              key: string;
              label: string;
            }[];
            return [
              ...place(school(v.schoolId)),
              day(v.visitDate),
              text(form.name),
              text(m.questionKey),
              text(questions.find((q) => q.key === m.questionKey)?.label),
              text(m.value),
              text(m.comment),
              v.id,
              m.id,
            ];
          }),
        ),
      };
  }
}
