import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { generateDeployment } from '../../src/shared/fixtures/index.js';
import { homeCountsSchema } from '../../src/shared/ipc/schemas/home.js';
import { type SeededStore, seededStore } from './helpers/seeded-store.js';

const TODAY = '2026-11-01';
const TOMORROW = '2026-11-02';
const NO_EXIF = { capturedAt: null, latitude: null, longitude: null, camera: null, caption: null } as const;
const BUSY = { code: 'NETWORK', message: 'The server cannot be reached' } as const;

interface Visit {
  readonly id: string;
  reviewStatus: string;
  followUpDate: string | null;
  deleted: boolean;
}

let seeded: SeededStore;
/** The deployment's visits as the fixture made them, changed below as the store is changed: the oracle. */
const visits = new Map<string, Visit>();

beforeAll(() => {
  seeded = seededStore('small', { now: () => new Date(`${TODAY}T09:00:00.000Z`), retry: { maxFailures: 2 } });
  for (const batch of generateDeployment({ profile: 'small' })) {
    if (batch.entity !== 'schoolVisit') continue;
    for (const r of batch.records as unknown as Visit[]) {
      visits.set(r.id, {
        id: r.id,
        reviewStatus: r.reviewStatus,
        followUpDate: r.followUpDate ?? null,
        deleted: false,
      });
    }
  }
});
afterAll(() => seeded.close());

/** What the home page must show, counted in plain code over the oracle's visits. */
function expectedVisitCounts(): { awaitingReview: number; followUpsDue: number } {
  const live = [...visits.values()].filter((v) => !v.deleted);
  return {
    awaitingReview: live.filter((v) => v.reviewStatus === 'pending').length,
    followUpsDue: live.filter((v) => v.reviewStatus === 'flagged' && v.followUpDate !== null && v.followUpDate <= TODAY)
      .length,
  };
}

function update(id: string, changes: Partial<Visit> & Record<string, unknown>): string | null {
  const result = seeded.store.updateRecord('schoolVisit', id, changes);
  if (!result.ok) throw new Error(result.error.message);
  Object.assign(visits.get(id) ?? {}, changes);
  return result.value.opId;
}

describe('the home page counts, in SQL', () => {
  it('counts the visits awaiting review and the follow-ups due as the fixture implies', () => {
    const counts = homeCountsSchema.parse(seeded.store.read.home());
    const expected = expectedVisitCounts();
    expect(expected.awaitingReview).toBeGreaterThan(0);
    expect(expected.followUpsDue).toBeGreaterThan(0);
    expect(counts).toEqual({
      ...expected,
      openConflicts: 0,
      photosNotUploaded: 0,
      needsAttention: 0,
      today: TODAY,
    });
    // The worklist shows exactly these rows.
    const worklist = seeded.store.read.worklist;
    expect(worklist.counts({}).pending).toBe(counts.awaitingReview);
    expect(worklist.counts({ followUpDue: true }).all).toBe(counts.followUpsDue);
  });

  it('follows deletions, reviews and follow-up dates: only live, flagged visits due today or before', () => {
    const all = [...visits.values()];
    const pending = all.filter((v) => v.reviewStatus === 'pending');
    const [gone, dueToday, dueTomorrow, duePast, flaggedNoDate] = pending as [Visit, Visit, Visit, Visit, Visit];
    // Deleted on the server: out of scope, not counted.
    const def = entityGraph.byName.get('schoolVisit');
    const server = seeded.store.getRecord('schoolVisit', gone.id)?.fields;
    const pulled = seeded.store.applyServerPage({
      changes: [
        {
          collection: def?.collection ?? '',
          items: [{ ...server, id: gone.id, version: 2, updatedAt: '2026-10-30T00:00:00.000Z', deleted: true }],
        },
      ],
    });
    expect(pulled.ok).toBe(true);
    gone.deleted = true;
    update(dueToday.id, { reviewStatus: 'flagged', reviewComment: 'Check', followUpDate: TODAY });
    update(dueTomorrow.id, { reviewStatus: 'flagged', reviewComment: 'Later', followUpDate: TOMORROW });
    update(duePast.id, { reviewStatus: 'flagged', reviewComment: 'Overdue', followUpDate: '2026-10-01' });
    update(flaggedNoDate.id, { reviewStatus: 'flagged', reviewComment: 'No date' });
    const counts = seeded.store.read.home();
    expect({ awaitingReview: counts.awaitingReview, followUpsDue: counts.followUpsDue }).toEqual(expectedVisitCounts());
  });

  it('counts open conflicts, photos not yet uploaded and changes held or failing', () => {
    const store = seeded.store;
    const [a, b, c, d] = [...visits.values()].filter((v) => !v.deleted && v.reviewStatus === 'pending') as [
      Visit,
      Visit,
      Visit,
      Visit,
    ];
    // A conflict: a local edit the server changed meanwhile.
    const server = store.getRecord('schoolVisit', a.id)?.fields;
    update(a.id, { reviewComment: 'Mine' });
    const def = entityGraph.byName.get('schoolVisit');
    const conflicting = store.applyServerPage({
      changes: [
        {
          collection: def?.collection ?? '',
          items: [
            {
              ...server,
              id: a.id,
              reviewComment: 'Theirs',
              version: 2,
              updatedAt: '2026-10-30T00:00:00.000Z',
              deleted: false,
            },
          ],
        },
      ],
    });
    expect(conflicting.ok ? 'ok' : conflicting.error.message).toBe('ok');
    expect(store.openConflictCount()).toBe(1);

    // Three photos imported: one uploaded, one failed, one still queued.
    const shas = ['1', '2', '3'].map((n) => n.repeat(64));
    for (const [i, sha256] of shas.entries()) {
      const imported = store.photoLibrary.recordImport(
        { ...NO_EXIF, schoolVisitId: b.id, sha256, size: 1000, mimeType: 'image/jpeg', originalName: `IMG_${i}.JPG` },
        {
          originalName: `IMG_${i}.JPG`,
          sourcePath: `/card/IMG_${i}.JPG`,
          blobPath: `/blobs/${sha256}`,
          importedAt: TODAY,
        },
      );
      expect(imported.ok).toBe(true);
    }
    store.photoUploads.done(shas[0] ?? '', 1000, TODAY);
    store.photoUploads.stopped(shas[1] ?? '', { state: 'failed', error: BUSY, forgetSession: false }, TODAY);

    // Two edits failing: one failed once (will retry), one failed twice (needs attention); pending ones are not counted.
    const failing = [update(c.id, { reviewComment: 'c' }), update(d.id, { reviewComment: 'd' })] as string[];
    store.markInFlight(failing);
    store.failOps(failing, BUSY);
    store.retryOp(failing[1] ?? '');
    store.markInFlight([failing[1] ?? '']);
    store.failOps([failing[1] ?? ''], BUSY);
    store.markInFlight([failing[1] ?? '']);
    store.failOps([failing[1] ?? ''], BUSY);
    const states = store.outboxCounts();
    expect(states.failed + states.needs_attention).toBe(2);
    expect(states.pending).toBeGreaterThan(0);

    const counts = store.read.home();
    expect(counts).toMatchObject({ openConflicts: 1, photosNotUploaded: 2, needsAttention: 2 });
    expect(counts.needsAttention).toBe(store.read.queueCounts().failed + store.read.queueCounts().needsAttention);
  });
});
