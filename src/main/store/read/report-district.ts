import type { DistrictReport, ReportRequest } from '../../../shared/reports/district-report.js';
import { BANDS } from '../../../shared/reports/district-report.js';
import type { RecordReader } from './record-reader.js';

/** Statuses of a visit that was made: planned and cancelled visits are counted apart and nowhere else. */
const MADE = "('completed', 'in_progress')";

/**
 * The district report's figures, each one SQL query over the area's live records in the period. The
 * statements are built once per store from the declarations' table and column names.
 */
export function readDistrictReport(reader: RecordReader, request: ReportRequest): DistrictReport {
  const c = (field: string) => reader.column(field, null);
  const t = (entity: string) => reader.table(entity);
  const bind: Record<string, string | null> = {
    region: request.regionId ?? null,
    district: request.districtId ?? null,
    from: request.from,
    to: request.to,
  };
  const area = `s._deleted = 0 and (@region is null or d.${c('regionId')} = @region) and (@district is null or d.id = @district)`;
  const schools = `${t('school')} s join ${t('district')} d on d.id = s.${c('districtId')}`;
  const inPeriod = `v._deleted = 0 and v.${c('visitDate')} between @from and @to`;
  /**
   * Visits made in the period in the area, aliased v (school s, district d), with more joins before
   * `where`. Their ids are read first and bound as a JSON array, so every figure starts from those visits
   * and reaches their children through the owner indexes (a month of one district reads a few hundred rows).
   */
  const visitsWith = (joins = '') => `json_each(@visits) k cross join ${t('schoolVisit')} v on v.id = k.value
    join ${t('school')} s on s.id = v.${c('schoolId')} join ${t('district')} d on d.id = s.${c('districtId')} ${joins}
    where 1 = 1`;
  const visits = visitsWith();
  const madeIds = reader
    .prepare(
      'report:visitIds',
      () => `select v.id from ${t('schoolVisit')} v join ${t('school')} s on s.id = v.${c('schoolId')}
        join ${t('district')} d on d.id = s.${c('districtId')}
        where ${area} and ${inPeriod} and v.${c('status')} in ${MADE} order by v.id`,
    )
    .pluck()
    .all(bind) as string[];
  Object.assign(bind, { visits: JSON.stringify(madeIds) });
  const all = <T>(key: string, sql: () => string) => reader.prepare(`report:${key}`, sql).all(bind) as T[];
  const one = <T>(key: string, sql: () => string) => reader.prepare(`report:${key}`, sql).get(bind) as T;

  const place = one<{ office: string | null; region: string | null; district: string | null }>(
    'place',
    () => `select (select ${c('name')} from ${t('organisation')} where _deleted = 0 order by id limit 1) as office,
      (select ${c('name')} from ${t('region')} where id = @region) as region,
      (select ${c('name')} from ${t('district')} where id = @district) as district`,
  );
  const statusCounts = all<{ status: string; n: number }>(
    'statuses',
    () => `select v.${c('status')} as status, count(*) as n from ${t('schoolVisit')} v join ${t('school')} s on s.id = v.${c('schoolId')}
        join ${t('district')} d on d.id = s.${c('districtId')} where ${area} and ${inPeriod} group by v.${c('status')}`,
  );
  const statusCount = (status: string) => statusCounts.find((s) => s.status === status)?.n ?? 0;

  const coverage = all<DistrictReport['coverage'][number]>(
    'coverage',
    () => `select s.id as schoolId, s.${c('name')} as school, d.${c('name')} as district, s.${c('emisCode')} as emisCode,
        count(v.id) as visits, max(v.${c('visitDate')}) as lastVisit
      from ${schools} left join ${t('schoolVisit')} v on v.${c('schoolId')} = s.id and ${inPeriod} and v.${c('status')} in ${MADE}
      where ${area} group by s.id order by count(v.id) > 0, d.${c('name')}, s.${c('name')}, s.id`,
  );
  const months = all<DistrictReport['months'][number]>(
    'months',
    () => `select substr(v.${c('visitDate')}, 1, 7) as month, count(*) as visits, count(distinct s.id) as schools
      from ${visits} group by month order by month`,
  );
  const review = all<{ status: string; visits: number }>(
    'review',
    () => `select v.${c('reviewStatus')} as status, count(*) as visits from ${visits} group by v.${c('reviewStatus')}`,
  );
  const flagged = all<DistrictReport['flagged'][number]>(
    'flagged',
    () => `select v.id as visitId, v.${c('visitDate')} as visitDate, s.${c('name')} as school, d.${c('name')} as district,
        v.${c('monitorName')} as monitor, v.${c('reviewComment')} as comment, v.${c('reviewedBy')} as reviewedBy
      from ${visits} and v.${c('reviewStatus')} = 'flagged' order by v.${c('visitDate')} desc, v.id`,
  );
  const followUps = all<DistrictReport['followUps'][number]>(
    'followUps',
    () => `select v.id as visitId, v.${c('visitDate')} as visitDate, s.${c('name')} as school, d.${c('name')} as district,
        v.${c('followUpDate')} as dueDate, v.${c('followUpNote')} as note
      from ${visits} and v.${c('followUpDate')} is not null
      order by v.${c('followUpDate')}, s.${c('name')}, v.id`,
  );
  const pupils = `join ${t('pupilAssessment')} a on a.${c('schoolVisitId')} = v.id and a._deleted = 0`;
  const assessed = visitsWith(pupils);
  const assessments = all<
    { grade: number; language: string; pupils: number; meanScore: number | null } & Record<string, number>
  >(
    'assessments',
    () => `select a.${c('grade')} as grade, a.${c('language')} as language, count(*) as pupils, avg(res.${c('total')}) as meanScore,
        ${BANDS.map((band) => `sum(res.${c('benchmarkBand')} = '${band}') as ${band}`).join(', ')}
      from ${visitsWith(
        `${pupils} left join ${t('assessmentResult')} res on res.${c('pupilAssessmentId')} = a.id and res._deleted = 0`,
      )}
      group by a.${c('grade')}, a.${c('language')} order by a.${c('grade')}, a.${c('language')}`,
  );
  const sections = all<DistrictReport['sections'][number]>(
    'sections',
    () => `select a.${c('grade')} as grade, x.${c('section')} as section, count(*) as answers, avg(x.${c('correct')}) as meanCorrect
      from ${visitsWith(`${pupils} join ${t('sectionAnswer')} x on x.${c('pupilAssessmentId')} = a.id and x._deleted = 0`)}
      group by a.${c('grade')}, x.${c('section')} order by a.${c('grade')}, min(x.rowid)`,
  );
  const answered = visitsWith(`join ${t('monitoringAnswer')} m on m.${c('schoolVisitId')} = v.id and m._deleted = 0`);
  /**
   * Questions as the forms declare them (a key asked by several forms has one label and type) and their
   * place in the form (1-based; the earliest where forms differ), which names a question declared without a label.
   */
  const declared = all<{ key: string; label: string | null; type: string | null; position: number }>(
    'declaredQuestions',
    () => `select json_extract(j.value, '$.key') as key,
        max(nullif(trim(json_extract(j.value, '$.label')), '')) as label,
        max(json_extract(j.value, '$.type')) as type, min(j.key) + 1 as position
      from ${t('projectForm')} f, json_each(f.${c('questions')}) j where f._deleted = 0
      group by json_extract(j.value, '$.key')`,
  );
  /** Answers per question and value, with the values' numeric sum: one pass gives counts, shares and means. */
  const questionValues = all<{ key: string; value: string; answers: number; sum: number }>(
    'questionValues',
    () => `select m.${c('questionKey')} as key, m.${c('value')} as value, count(*) as answers,
        coalesce(sum(cast(m.${c('value')} as real)), 0) as sum
      from ${answered} group by m.${c('questionKey')}, m.${c('value')}
      order by m.${c('questionKey')}, count(*) desc, m.${c('value')}`,
  );
  const totals = one<{ lessons: number; pupils: number }>(
    'totals',
    () => `select
        (select count(*) from ${visitsWith(`join ${t('teacherVisit')} tv on tv.${c('schoolVisitId')} = v.id and tv._deleted = 0`)}) as lessons,
        (select count(*) from ${assessed}) as pupils`,
  );
  const photos = one<{ total: number; visitsWithPhotos: number; maxPerVisit: number | null }>(
    'photos',
    () => `select coalesce(sum(n), 0) as total, count(*) as visitsWithPhotos, max(n) as maxPerVisit from (
        select count(*) as n from ${visitsWith(`join ${t('photo')} p on p.${c('schoolVisitId')} = v.id and p._deleted = 0`)}
        group by v.id)`,
  );

  const questions = new Map<
    string,
    { key: string; answers: number; sum: number; values: { value: string; answers: number }[] }
  >();
  for (const row of questionValues) {
    const question = questions.get(row.key) ?? { key: row.key, answers: 0, sum: 0, values: [] };
    question.answers += row.answers;
    question.sum += row.sum;
    question.values.push({ value: row.value, answers: row.answers });
    questions.set(row.key, question);
  }
  const declaredBy = new Map(declared.map((q) => [q.key, q]));
  const made = months.reduce((n, m) => n + m.visits, 0);
  return {
    office: place.office ?? '',
    area: request.districtId
      ? { kind: 'district', name: place.district ?? request.districtId }
      : request.regionId
        ? { kind: 'region', name: place.region ?? request.regionId }
        : { kind: 'all', name: place.office ?? '' },
    from: request.from,
    to: request.to,
    totals: {
      schools: coverage.length,
      schoolsVisited: coverage.filter((s) => s.visits > 0).length,
      visits: made,
      planned: statusCount('planned'),
      cancelled: statusCount('cancelled'),
      lessonsObserved: totals.lessons,
      pupilsAssessed: totals.pupils,
      photos: photos.total,
    },
    coverage,
    months,
    review: (['pending', 'approved', 'flagged'] as const).map((status) => ({
      status,
      visits: review.find((r) => r.status === status)?.visits ?? 0,
    })),
    flagged,
    followUps,
    assessments: assessments.map((row) => ({
      grade: row.grade,
      language: row.language,
      pupils: row.pupils,
      meanScore: row.meanScore,
      bands: {
        beginner: row.beginner ?? 0,
        emergent: row.emergent ?? 0,
        developing: row.developing ?? 0,
        proficient: row.proficient ?? 0,
      },
    })),
    sections,
    questions: [...questions.values()].map((q) => {
      const info = declaredBy.get(q.key);
      const type = info?.type ?? 'text';
      return {
        key: q.key,
        label: info?.label ?? null,
        position: info?.position ?? null,
        type,
        answers: q.answers,
        mean: type === 'number' ? q.sum / q.answers : null,
        values: type === 'yes_no' || type === 'choice' ? q.values : [],
      };
    }),
    photos: { total: photos.total, visitsWithPhotos: photos.visitsWithPhotos, maxPerVisit: photos.maxPerVisit ?? 0 },
  };
}
