import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorklistReads } from '../../src/main/store/read/worklist.js';
import { naturalCompare } from '../../src/main/store/read/worklist.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import {
  type WorklistQueryInput,
  type WorklistRow,
  type WorklistSort,
  worklistPageSchema,
  worklistQuerySchema,
} from '../../src/shared/ipc/schemas/worklist.js';
import { type SeededStore, seededStore } from './helpers/seeded-store.js';

const VISITS = PROFILE_COUNTS.small.schoolVisit ?? Number.NaN;
const TODAY = '2026-11-01';
let seeded: SeededStore;
let worklist: WorklistReads;

const q = (input: WorklistQueryInput = {}) => worklistQuerySchema.parse(input);
/** Every row of a query, read a page of 37 at a time (pages must neither overlap nor skip). */
function everyRow(input: WorklistQueryInput): WorklistRow[] {
  const rows: WorklistRow[] = [];
  for (let offset = 0; ; offset += 37) {
    const page = worklistPageSchema.parse(worklist.page(q(input), offset, 37));
    rows.push(...page.items);
    if (page.items.length < 37) return rows;
  }
}

beforeAll(() => {
  seeded = seededStore('small', { now: () => new Date(`${TODAY}T09:00:00.000Z`) });
  worklist = seeded.store.read.worklist;
});
afterAll(() => seeded.close());

describe('the review worklist, in SQL', () => {
  it('counts every tab under the filters, whichever tab is shown', () => {
    const page = worklist.page(q({ tab: 'flagged' }), 0, 10);
    const { counts } = page;
    expect(counts.all).toBe(VISITS);
    expect(counts.pending + counts.flagged + counts.approved).toBe(VISITS);
    expect(page.total).toBe(counts.flagged);
    for (const tab of ['pending', 'flagged', 'approved'] as const) {
      const rows = everyRow({ tab });
      expect(rows).toHaveLength(counts[tab]);
      expect(rows.every((r) => r.reviewStatus === tab)).toBe(true);
    }
  });

  it('sorts by every column, both ways, with pages that neither overlap nor skip', () => {
    const keyOf: Record<WorklistSort, (r: WorklistRow) => string | number> = {
      school: (r) => r.schoolName.toLowerCase(),
      district: (r) => r.districtName.toLowerCase(),
      date: (r) => r.visitDate,
      monitor: (r) => r.monitorName.toLowerCase(),
      status: (r) => r.status,
      review: (r) => r.reviewStatus,
      photos: (r) => r.photos,
    };
    for (const sort of Object.keys(keyOf) as WorklistSort[]) {
      for (const descending of [false, true]) {
        const rows = everyRow({ tab: 'all', sort, descending });
        expect(new Set(rows.map((r) => r.id)).size).toBe(VISITS);
        const keys = rows.map(keyOf[sort]);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(keys, `${sort} ${descending ? 'desc' : 'asc'}`).toEqual(descending ? sorted.reverse() : sorted);
      }
    }
  });

  it('combines district, school, monitor, date range and free text', () => {
    const all = everyRow({ tab: 'all' });
    const sample = all[7] as WorklistRow;
    const byDistrict = everyRow({ tab: 'all', filter: { districtId: sample.districtId } });
    expect(byDistrict.length).toBe(all.filter((r) => r.districtId === sample.districtId).length);
    expect(byDistrict.length).toBeLessThan(all.length);

    const combined = everyRow({
      tab: 'all',
      filter: { districtId: sample.districtId, monitor: sample.monitorName, dateTo: sample.visitDate },
    });
    const expected = all.filter(
      (r) =>
        r.districtId === sample.districtId && r.monitorName === sample.monitorName && r.visitDate <= sample.visitDate,
    );
    expect(combined.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());

    const oneDay = everyRow({ tab: 'all', filter: { dateFrom: sample.visitDate, dateTo: sample.visitDate } });
    expect(oneDay.every((r) => r.visitDate === sample.visitDate)).toBe(true);
    expect(oneDay.some((r) => r.id === sample.id)).toBe(true);

    const bySchool = everyRow({ tab: 'all', filter: { schoolId: sample.schoolId } });
    expect(bySchool.every((r) => r.schoolId === sample.schoolId)).toBe(true);

    const word = sample.schoolName.split(' ')[1] ?? '';
    const byText = everyRow({ tab: 'all', filter: { text: word.toUpperCase() } });
    expect(byText.some((r) => r.id === sample.id)).toBe(true);
    const byMonitorText = everyRow({ tab: 'all', filter: { text: sample.monitorName } });
    expect(byMonitorText.every((r) => r.monitorName === sample.monitorName)).toBe(true);
    const flagged = all.find((r) => r.reviewStatus === 'flagged' && r.reviewComment) as WorklistRow;
    const byComment = everyRow({ tab: 'all', filter: { text: flagged.reviewComment?.slice(0, 12) ?? '' } });
    expect(byComment.some((r) => r.id === flagged.id)).toBe(true);
    expect(everyRow({ tab: 'all', filter: { text: '100%' } })).toEqual([]);
  });

  it('lists flagged visits whose follow-up is due (today by the store clock, or past)', () => {
    const flagged = everyRow({ tab: 'flagged' });
    const due = everyRow({ tab: 'all', filter: { followUpDue: true } });
    const expected = flagged.filter((r) => r.followUpDate !== null && r.followUpDate <= TODAY);
    expect(due.length).toBeGreaterThan(0);
    expect(due.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(flagged.some((r) => r.followUpDate !== null && r.followUpDate > TODAY)).toBe(true);
  });

  it('marks unsynced visits, visits with photos and visits in conflict, and filters by each', () => {
    const [a, b, c] = everyRow({ tab: 'pending' }) as [WorklistRow, WorklistRow, WorklistRow];
    const store = seeded.store;
    const photo = store.createRecord('photo', {
      schoolVisitId: a.id,
      sha256: 'a'.repeat(64),
      size: 1000,
      mimeType: 'image/jpeg',
      originalName: 'IMG_0001.JPG',
    });
    expect(photo.ok).toBe(true);
    const server = store.getRecord('schoolVisit', b.id)?.fields;
    expect(store.updateRecord('schoolVisit', b.id, { reviewStatus: 'flagged', reviewComment: 'Mine' }).ok).toBe(true);
    const def = entityGraph.byName.get('schoolVisit');
    const pulled = store.applyServerPage({
      changes: [
        {
          collection: def?.collection ?? '',
          items: [
            {
              ...server,
              id: b.id,
              reviewStatus: 'approved',
              reviewComment: 'Theirs',
              version: 2,
              updatedAt: '2026-10-30T00:00:00.000Z',
              deleted: false,
            },
          ],
        },
      ],
    });
    expect(pulled.ok).toBe(true);
    expect(store.updateRecord('schoolVisit', c.id, { reviewStatus: 'approved' }).ok).toBe(true);

    const withPhotos = everyRow({ tab: 'all', filter: { hasPhotos: true } });
    expect(withPhotos.map((r) => [r.id, r.photos])).toEqual([[a.id, 1]]);
    expect(everyRow({ tab: 'all', filter: { hasPhotos: false } })).toHaveLength(VISITS - 1);
    const conflicted = everyRow({ tab: 'all', filter: { hasConflict: true } });
    expect(conflicted.map((r) => [r.id, r.conflicted])).toEqual([[b.id, true]]);
    const unsynced = everyRow({ tab: 'all', filter: { unsynced: true } });
    expect(unsynced.map((r) => r.id)).toEqual([c.id]);
    expect(unsynced[0]?.localState).toBe('pending');
    const top = everyRow({ tab: 'all', sort: 'photos' })[0];
    expect(top?.id).toBe(a.id);
  });

  it('names every id of a list in its order, and the neighbours of a visit in it', () => {
    const query = { tab: 'pending', sort: 'school', descending: false } as const;
    const rows = everyRow(query);
    const { ids, total } = worklist.ids(q(query), 20_000);
    expect(ids).toEqual(rows.map((r) => r.id));
    expect(total).toBe(rows.length);
    expect(worklist.ids(q(query), 5).ids).toEqual(ids.slice(0, 5));
    const middle = worklist.neighbours(q(query), ids[10] ?? '');
    expect(middle).toEqual({ previous: ids[9], next: ids[11], position: 11, total: ids.length });
    expect(worklist.neighbours(q(query), ids[0] ?? '').previous).toBeNull();
    expect(worklist.neighbours(q(query), ids.at(-1) ?? '').next).toBeNull();
    const approved = everyRow({ tab: 'approved' })[0];
    expect(worklist.neighbours(q(query), approved?.id ?? '')).toMatchObject({ position: null, next: null });
  });

  it('offers districts in natural order and the monitors of a district', () => {
    const facets = worklist.facets(undefined);
    expect(facets.districts).toHaveLength(PROFILE_COUNTS.small.district ?? 0);
    const names = facets.districts.map((d) => d.name);
    expect(names).toEqual([...names].sort(naturalCompare));
    const district = facets.districts[0]?.id ?? '';
    const mine = worklist.facets(district).monitors;
    const rows = everyRow({ tab: 'all', filter: { districtId: district } });
    expect(mine).toEqual([...new Set(rows.map((r) => r.monitorName))].sort());
    expect(naturalCompare('District 2', 'District 10')).toBeLessThan(0);
  });
});
