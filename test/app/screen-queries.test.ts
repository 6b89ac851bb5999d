import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreReads } from '../../src/main/store/index.js';
import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import {
  hierarchySchema,
  schoolDetailSchema,
  schoolPageSchema,
  type VisitRow,
  visitGraphSchema,
  visitPageSchema,
} from '../../src/shared/ipc/schemas/graph.js';
import { type SeededStore, seededStore } from './helpers/seeded-store.js';

const small = PROFILE_COUNTS.small;
/** Records of one type in the small profile. */
const n = (entity: string): number => small[entity] ?? Number.NaN;
let seeded: SeededStore;
let reader: StoreReads;

beforeAll(() => {
  seeded = seededStore('small');
  reader = seeded.store.read;
});
afterAll(() => seeded.close());

describe('screen queries against a real store', () => {
  it('counts schools and visits per district and sums them up the tree', () => {
    const { nodes } = hierarchySchema.parse(reader.hierarchy());
    const districts = nodes.filter((n) => n.entity === 'district');
    const countries = nodes.filter((n) => n.entity === 'country');
    expect(districts).toHaveLength(n('district'));
    expect(countries).toHaveLength(1);
    expect(countries[0]?.counts.schools).toBe(n('school'));
    expect(countries[0]?.counts.visits).toBe(n('schoolVisit'));
    expect(districts.reduce((sum, d) => sum + d.counts.visits, 0)).toBe(n('schoolVisit'));
    const regions = nodes.filter((n) => n.entity === 'region');
    expect(regions.every((r) => r.parentId === countries[0]?.id)).toBe(true);
  });

  it('pages schools of a district with teacher and visit counts', () => {
    const district = reader.hierarchy().nodes.find((n) => n.entity === 'district');
    const page = schoolPageSchema.parse(reader.schools({ districtId: district?.id, offset: 0, limit: 2 }));
    expect(page.total).toBe(district?.counts.schools);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]?.teachers).toBe(n('teacher') / n('school'));
    const rest = reader.schools({ districtId: district?.id, offset: 2, limit: 100 });
    expect(new Set([...page.items, ...rest.items].map((s) => s.id)).size).toBe(page.total);
  });

  it('reads a school with its area path and teachers', () => {
    const first = reader.schools({ offset: 0, limit: 1 }).items[0];
    const detail = schoolDetailSchema.parse(reader.school(first?.id ?? ''));
    expect(detail.path.map((p) => p.entity)).toEqual(['country', 'region', 'district']);
    expect(detail.teachers.length).toBe(first?.teachers);
    expect(detail.visits).toBe(first?.visits);
    expect(reader.school('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('pages all visits newest first and filters by review status', () => {
    const all = visitPageSchema.parse(reader.visits({ offset: 0, limit: 500 }));
    expect(all.total).toBe(n('schoolVisit'));
    const dates = all.items.map((v) => v.visitDate);
    expect(dates).toEqual([...dates].sort().reverse());
    const pending = reader.visits({ reviewStatus: 'pending', offset: 0, limit: 500 });
    expect(pending.items.every((v) => v.reviewStatus === 'pending')).toBe(true);
    expect(pending.total).toBeLessThan(all.total);
  });

  it("reads a visit's whole graph from the entity graph's ownership edges", () => {
    const visit = reader.visits({ offset: 0, limit: 1 }).items[0];
    const graph = visitGraphSchema.parse(reader.visitGraph(visit?.id ?? ''));
    const byType = (e: string) => graph.nodes.filter((n) => n.entity === e);
    expect(byType('teacherVisit')).toHaveLength(n('teacherVisit') / n('schoolVisit'));
    expect(byType('pupilAssessment')).toHaveLength(n('pupilAssessment') / n('schoolVisit'));
    expect(byType('sectionAnswer')).toHaveLength(n('sectionAnswer') / n('schoolVisit'));
    expect(byType('monitoringAnswer')).toHaveLength(n('monitoringAnswer') / n('schoolVisit'));
    const assessment = byType('pupilAssessment')[0];
    expect(byType('assessmentResult').filter((r) => r.parentId === assessment?.id)).toHaveLength(1);
    const refTypes = new Set(graph.references.map((r) => r.entity));
    expect(refTypes).toEqual(new Set(['teacher', 'projectForm']));
  });

  it('marks records with local edits as pending', () => {
    const visit = reader.visits({ offset: 0, limit: 1 }).items[0];
    const edited = seeded.store.updateRecord('schoolVisit', visit?.id ?? '', { reviewStatus: 'approved' });
    expect(edited.ok).toBe(true);
    const again = reader.visits({ schoolId: visit?.schoolId, offset: 0, limit: 100 });
    expect(again.items.find((v) => v.id === visit?.id)?.localState).toBe('pending');
    const country = reader.hierarchy().nodes.find((node) => node.entity === 'country');
    expect(country?.counts.pending).toBe(1);
  });

  it('searches schools by name or EMIS code and teachers by name, taking % literally', () => {
    const school = reader.schools({ offset: 0, limit: 1 }).items[0];
    const byName = reader.search(school?.name.slice(0, 6) ?? '', 30);
    expect(byName.items.some((h) => h.id === school?.id)).toBe(true);
    const byEmis = reader.search(school?.emisCode ?? '', 30);
    expect(byEmis.items[0]?.id).toBe(school?.id);
    expect(reader.search('%', 30).items).toEqual([]);
  });
});

describe('record titles name a visit by its school and date, from SQL', () => {
  let tiny: SeededStore;
  let tinyReader: StoreReads;
  beforeAll(() => {
    tiny = seededStore('tiny');
    tinyReader = tiny.store.read;
  });
  afterAll(() => tiny.close());
  const titleOf = (v: VisitRow) => `${v.schoolName} · ${v.visitDate}`;

  it('in visit lists and the visit screen, where schools share dates', () => {
    const { items } = tinyReader.visits({ offset: 0, limit: 500 });
    expect(items.length).toBeGreaterThan(1);
    for (const visit of items) expect(visit.title).toBe(titleOf(visit));
    const visit = items[0] as VisitRow;
    const graph = tinyReader.visitGraph(visit.id);
    expect(graph?.visit.title).toBe(titleOf(visit));
    expect(graph?.school.title).toBe(visit.schoolName);
    // Types with a telling title of their own keep it.
    expect(graph?.nodes.find((n) => n.entity === 'teacherVisit')?.title).toBe(
      graph?.nodes.find((n) => n.entity === 'teacherVisit')?.fields.subject,
    );
  });

  it('in the queue and the conflicts, whatever the record type', () => {
    const visit = tinyReader.visits({ offset: 0, limit: 1 }).items[0] as VisitRow;
    const { store } = tiny;
    expect(store.updateRecord('schoolVisit', visit.id, { reviewStatus: 'flagged', reviewComment: 'x' }).ok).toBe(true);
    const school = tinyReader.schools({ offset: 0, limit: 1 }).items[0];
    expect(store.updateRecord('school', school?.id ?? '', { phone: '+254 700 000 000' }).ok).toBe(true);
    const titles = store.listOutbox().map((op) => [op.entity, op.recordTitle]);
    expect(titles).toEqual([
      ['schoolVisit', titleOf(visit)],
      ['school', school?.name],
    ]);

    // The server changed the review too: a held conflict, titled like the queue.
    const server = store.getRecord('schoolVisit', visit.id);
    const applied = store.applyServerPage({
      changes: [
        {
          collection: 'school-visits',
          items: [
            {
              ...server?.fields,
              id: visit.id,
              reviewStatus: 'approved',
              reviewComment: null,
              version: 2,
              updatedAt: '2026-10-02T00:00:00.000Z',
              deleted: false,
            },
          ],
        },
      ],
    });
    expect(applied.ok).toBe(true);
    expect(store.listConflicts({ status: 'open' }).map((c) => c.recordTitle)).toEqual([titleOf(visit)]);
  });
});
