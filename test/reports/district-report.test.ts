import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictReport, ReportRequest } from '../../src/shared/reports/district-report.js';
import { districtReportSchema } from '../../src/shared/reports/district-report.js';
import { type SeededStore, seededStore } from '../app/helpers/seeded-store.js';
import { type FixtureRecord, type FixtureRecords, fixtureRecords } from './support/fixture-records.js';

let seeded: SeededStore;
let data: FixtureRecords;

beforeAll(() => {
  seeded = seededStore('small');
  data = fixtureRecords('small');
});
afterAll(() => seeded.close());

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const close = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Math.abs(a - b) < 1e-9);

/** The report's figures computed from the generator's records in plain TypeScript (no SQL). */
function expectedReport(request: ReportRequest) {
  const district = (s: FixtureRecord) => data.byId('district', String(s.districtId));
  const schools = data
    .of('school')
    .filter(
      (s) =>
        (!request.districtId || s.districtId === request.districtId) &&
        (!request.regionId || district(s).regionId === request.regionId),
    );
  const schoolIds = new Set(schools.map((s) => s.id));
  const inPeriod = data
    .of('schoolVisit')
    .filter(
      (v) =>
        schoolIds.has(String(v.schoolId)) && String(v.visitDate) >= request.from && String(v.visitDate) <= request.to,
    );
  const made = inPeriod.filter((v) => v.status === 'completed' || v.status === 'in_progress');
  const madeIds = new Set(made.map((v) => v.id));
  const coverage = schools
    .map((s) => {
      const its = made.filter((v) => v.schoolId === s.id);
      return {
        schoolId: s.id,
        school: String(s.name),
        district: String(district(s).name),
        emisCode: String(s.emisCode),
        visits: its.length,
        lastVisit:
          its
            .map((v) => String(v.visitDate))
            .sort()
            .pop() ?? null,
      };
    })
    .sort(
      (a, b) =>
        Number(a.visits > 0) - Number(b.visits > 0) ||
        cmp(a.district, b.district) ||
        cmp(a.school, b.school) ||
        cmp(a.schoolId, b.schoolId),
    );
  const months = new Map<string, { visits: number; schools: Set<string> }>();
  for (const v of made) {
    const month = String(v.visitDate).slice(0, 7);
    const entry = months.get(month) ?? { visits: 0, schools: new Set<string>() };
    entry.visits++;
    entry.schools.add(String(v.schoolId));
    months.set(month, entry);
  }
  const pupils = data.of('pupilAssessment').filter((a) => madeIds.has(String(a.schoolVisitId)));
  const groups = new Map<
    string,
    { grade: number; language: string; totals: number[]; bands: Record<string, number> }
  >();
  for (const a of pupils) {
    const key = `${a.grade}\u0000${a.language}`;
    const group = groups.get(key) ?? {
      grade: Number(a.grade),
      language: String(a.language),
      totals: [],
      bands: { beginner: 0, emergent: 0, developing: 0, proficient: 0 },
    };
    const [result] = data.children('assessmentResult', 'pupilAssessmentId', a.id);
    if (result) {
      group.totals.push(Number(result.total));
      group.bands[String(result.benchmarkBand)] = (group.bands[String(result.benchmarkBand)] ?? 0) + 1;
    }
    groups.set(key, group);
  }
  const answers = data.of('monitoringAnswer').filter((m) => madeIds.has(String(m.schoolVisitId)));
  const byKey = new Map<string, FixtureRecord[]>();
  for (const m of answers) byKey.set(String(m.questionKey), [...(byKey.get(String(m.questionKey)) ?? []), m]);
  return {
    coverage,
    months: [...months.entries()]
      .sort(([a], [b]) => cmp(a, b))
      .map(([month, e]) => ({ month, visits: e.visits, schools: e.schools.size })),
    review: (['pending', 'approved', 'flagged'] as const).map((status) => ({
      status,
      visits: made.filter((v) => v.reviewStatus === status).length,
    })),
    flagged: made
      .filter((v) => v.reviewStatus === 'flagged')
      .sort((a, b) => cmp(String(b.visitDate), String(a.visitDate)) || cmp(a.id, b.id))
      .map((v) => ({ visitId: v.id, comment: v.reviewComment ?? null })),
    followUps: made
      .filter((v) => v.followUpDate)
      .map((v) => ({
        visitId: v.id,
        school: String(data.byId('school', String(v.schoolId)).name),
        dueDate: String(v.followUpDate),
        note: v.followUpNote ? String(v.followUpNote) : null,
      }))
      .sort((a, b) => cmp(a.dueDate, b.dueDate) || cmp(a.school, b.school) || cmp(a.visitId, b.visitId)),
    planned: inPeriod.filter((v) => v.status === 'planned').length,
    cancelled: inPeriod.filter((v) => v.status === 'cancelled').length,
    lessons: data.of('teacherVisit').filter((tv) => madeIds.has(String(tv.schoolVisitId))).length,
    pupils: pupils.length,
    assessments: [...groups.values()]
      .sort((a, b) => a.grade - b.grade || cmp(a.language, b.language))
      .map((g) => ({
        grade: g.grade,
        language: g.language,
        pupils: pupils.filter((a) => a.grade === g.grade && a.language === g.language).length,
        meanScore: g.totals.length ? g.totals.reduce((x, y) => x + y, 0) / g.totals.length : null,
        bands: g.bands,
      })),
    questions: [...byKey.entries()]
      .sort(([a], [b]) => cmp(a, b))
      .map(([key, list]) => ({ key, answers: list.length, values: list.map((m) => String(m.value)) })),
  };
}

function check(report: DistrictReport, request: ReportRequest) {
  const expected = expectedReport(request);
  expect(districtReportSchema.safeParse(report).error).toBeUndefined();
  expect(report.coverage).toEqual(expected.coverage);
  expect(report.months).toEqual(expected.months);
  expect(report.review).toEqual(expected.review);
  expect(report.flagged.map((f) => ({ visitId: f.visitId, comment: f.comment }))).toEqual(expected.flagged);
  expect(
    report.followUps.map((f) => ({ visitId: f.visitId, school: f.school, dueDate: f.dueDate, note: f.note })),
  ).toEqual(expected.followUps);
  expect(report.totals).toMatchObject({
    schools: expected.coverage.length,
    schoolsVisited: expected.coverage.filter((c) => c.visits > 0).length,
    visits: expected.months.reduce((n, m) => n + m.visits, 0),
    planned: expected.planned,
    cancelled: expected.cancelled,
    lessonsObserved: expected.lessons,
    pupilsAssessed: expected.pupils,
    photos: 0,
  });
  expect(report.assessments.map(({ meanScore, ...rest }) => rest)).toEqual(
    expected.assessments.map(({ meanScore, ...rest }) => rest),
  );
  report.assessments.forEach((row, i) => {
    expect(
      close(row.meanScore, expected.assessments[i]?.meanScore ?? null),
      `mean of ${row.grade}/${row.language}`,
    ).toBe(true);
  });
  expect(report.questions.map((q) => ({ key: q.key, answers: q.answers }))).toEqual(
    expected.questions.map((q) => ({ key: q.key, answers: q.answers })),
  );
  for (const question of report.questions) {
    const values = expected.questions.find((q) => q.key === question.key)?.values ?? [];
    if (question.type === 'number') {
      const mean = values.reduce((n, v) => n + Number(v), 0) / values.length;
      expect(close(question.mean, mean), question.key).toBe(true);
    }
    if (question.type === 'yes_no' || question.type === 'choice') {
      const counted = new Map<string, number>();
      for (const v of values) counted.set(v, (counted.get(v) ?? 0) + 1);
      expect(new Map(question.values.map((v) => [v.value, v.answers]))).toEqual(counted);
    }
  }
}

describe('the district report’s figures match the fixture records', () => {
  it('for a district and a period', () => {
    const district = data.of('district')[2] as FixtureRecord;
    const request = { districtId: district.id, from: '2026-03-01', to: '2026-04-30' };
    const report = seeded.store.read.districtReport(request);
    expect(report.area).toEqual({ kind: 'district', name: district.name });
    expect(report.totals.visits).toBeGreaterThan(0);
    expect(report.coverage.some((s) => s.visits === 0)).toBe(true);
    check(report, request);
  });

  it('for a region over the whole year, and for the whole scope', () => {
    const region = data.of('region')[1] as FixtureRecord;
    const byRegion = { regionId: region.id, from: '2025-11-01', to: '2026-10-31' };
    check(seeded.store.read.districtReport(byRegion), byRegion);
    const everything = { from: '2020-01-01', to: '2030-12-31' };
    const report = seeded.store.read.districtReport(everything);
    expect(report.area.kind).toBe('all');
    expect(report.office).toBe('Demo Ministry of Education');
    // The generator sets follow-ups on about half the flagged visits: the comparison is not of two empty lists.
    expect(report.followUps.length).toBeGreaterThan(0);
    check(report, everything);
  });

  it('an empty period is a clear empty report: every school listed as not visited, no errors', () => {
    const request = { from: '2001-01-01', to: '2001-01-31' };
    const report = seeded.store.read.districtReport(request);
    expect(report.totals).toMatchObject({ visits: 0, schoolsVisited: 0, pupilsAssessed: 0 });
    expect(report.coverage.every((s) => s.visits === 0 && s.lastVisit === null)).toBe(true);
    expect(report.months).toEqual([]);
    expect(report.review.map((r) => r.visits)).toEqual([0, 0, 0]);
    check(report, request);
  });
});

describe('what the fixtures lack: planned and cancelled visits, photos, deleted records', () => {
  it('counts planned and cancelled visits apart, photos per visit, and leaves deleted records out', () => {
    const own = seededStore('tiny');
    try {
      const request = { from: '2020-01-01', to: '2030-12-31' };
      const before = own.store.read.districtReport(request);
      const school = before.coverage[0] as DistrictReport['coverage'][number];
      const visit = (status: string) => {
        const made = own.store.createRecord('schoolVisit', {
          schoolId: school.schoolId,
          visitDate: '2026-11-20',
          monitorId: 'u1',
          monitorName: 'Test Monitor',
          status,
          reviewStatus: 'pending',
        });
        if (!made.ok) throw new Error(made.error.message);
        return made.value.id;
      };
      visit('planned');
      visit('cancelled');
      const withPhotos = visit('completed');
      for (let i = 0; i < 3; i++) {
        const photo = own.store.createRecord('photo', {
          schoolVisitId: withPhotos,
          sha256: String(i).repeat(64),
          size: 1000 + i,
          mimeType: 'image/jpeg',
          originalName: `IMG_000${i}.JPG`,
        });
        if (!photo.ok) throw new Error(photo.error.message);
      }
      const gone = visit('completed');
      expect(own.store.deleteRecord('schoolVisit', gone).ok).toBe(true);

      const after = own.store.read.districtReport(request);
      expect(after.totals).toMatchObject({
        planned: before.totals.planned + 1,
        cancelled: before.totals.cancelled + 1,
        visits: before.totals.visits + 1,
        photos: 3,
      });
      expect(after.photos).toEqual({ total: 3, visitsWithPhotos: 1, maxPerVisit: 3 });
      expect(after.coverage.find((s) => s.schoolId === school.schoolId)?.visits).toBe(school.visits + 1);
      expect(after.review.find((r) => r.status === 'pending')?.visits).toBe(
        (before.review.find((r) => r.status === 'pending')?.visits ?? 0) + 1,
      );
    } finally {
      own.close();
    }
  });
});
