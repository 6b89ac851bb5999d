import { afterEach, describe, expect, it } from 'vitest';
import { BulkReviewer } from '../../src/main/app/bulk-review.js';
import type { LocalStore } from '../../src/main/store/index.js';
import type { Result } from '../../src/shared/errors.js';
import { bulkReviewArgsSchema } from '../../src/shared/ipc/schemas/worklist.js';
import { type SeededStore, seededStore } from './helpers/seeded-store.js';

let seeded: SeededStore | undefined;
afterEach(() => seeded?.close());

const AT = '2026-12-04T10:00:00.000Z';
const must = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function setUp(count: number) {
  seeded = seededStore('tiny');
  const { store } = seeded;
  const ids = store.read.worklist.ids({ tab: 'pending', filter: {}, sort: 'date', descending: true }, count).ids;
  expect(ids).toHaveLength(count);
  return { store, ids, reviewer: new BulkReviewer() };
}

const review = (store: LocalStore, id: string) => store.getRecord('schoolVisit', id)?.fields;
const opsOf = (store: LocalStore, ids: readonly string[]) =>
  store.listOutbox().filter((op) => op.entity === 'schoolVisit' && ids.includes(op.recordId));

describe('bulk Approve / Flag', () => {
  it('changes every visit in one go, one outbox operation per visit', () => {
    const { store, ids, reviewer } = setUp(6);
    const result = must(
      reviewer.review(store, { visitIds: ids, decision: 'approved', comment: null, reviewer: 'Officer A', at: AT }),
    );
    expect(result).toMatchObject({ changed: 6, unchanged: 0, bulkId: expect.any(String) });
    const ops = opsOf(store, ids);
    expect(ops).toHaveLength(6);
    expect(new Set(ops.map((op) => op.recordId))).toEqual(new Set(ids));
    for (const id of ids) {
      expect(review(store, id)).toMatchObject({ reviewStatus: 'approved', reviewedBy: 'Officer A', reviewedAt: AT });
    }
  });

  it('leaves a visit already so reviewed alone (no operation), and refuses a flag without a comment', () => {
    const { store, ids, reviewer } = setUp(4);
    must(
      reviewer.review(store, { visitIds: ids.slice(0, 1), decision: 'approved', comment: null, reviewer: 'A', at: AT }),
    );
    const again = must(
      reviewer.review(store, { visitIds: ids, decision: 'approved', comment: null, reviewer: 'B', at: AT }),
    );
    expect(again).toMatchObject({ changed: 3, unchanged: 1 });
    expect(opsOf(store, ids)).toHaveLength(4);
    expect(bulkReviewArgsSchema.safeParse({ visitIds: ids, decision: 'flagged', comment: ' ' }).success).toBe(false);
    expect(bulkReviewArgsSchema.safeParse({ visitIds: ids, decision: 'flagged', comment: 'Copied' }).success).toBe(
      true,
    );
  });

  it('closes the follow-up of a flagged visit it approves, and Undo brings it back', () => {
    const { store, ids, reviewer } = setUp(2);
    const followed = {
      reviewStatus: 'flagged',
      reviewComment: 'Call the head',
      followUpDate: '2026-12-10',
      followUpNote: 'Call',
    };
    must(store.updateRecord('schoolVisit', ids[0] ?? '', followed));
    const { bulkId } = must(
      reviewer.review(store, { visitIds: ids, decision: 'approved', comment: null, reviewer: 'A', at: AT }),
    );
    expect(review(store, ids[0] ?? '')).toMatchObject({
      reviewStatus: 'approved',
      followUpDate: null,
      followUpNote: null,
    });
    expect(must(reviewer.undo(store, bulkId))).toMatchObject({ restored: 2, skipped: 0 });
    expect(review(store, ids[0] ?? '')).toMatchObject(followed);
  });

  it('is all or nothing: a visit that is not here rolls the others back', () => {
    const { store, ids, reviewer } = setUp(3);
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = reviewer.review(store, {
      visitIds: [...ids, missing],
      decision: 'flagged',
      comment: 'x',
      reviewer: 'A',
      at: AT,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(opsOf(store, ids)).toEqual([]);
    for (const id of ids) expect(review(store, id)).toMatchObject({ reviewStatus: 'pending' });
  });
});

describe('Undo of the last bulk review', () => {
  it('withdraws operations not yet sent: the visits are back as they were, with nothing to send', () => {
    const { store, ids, reviewer } = setUp(5);
    const before = ids.map((id) => review(store, id));
    const outboxBefore = store.listOutbox().length;
    const { bulkId } = must(
      reviewer.review(store, { visitIds: ids, decision: 'flagged', comment: 'Scores copied', reviewer: 'A', at: AT }),
    );
    expect(must(reviewer.undo(store, bulkId))).toEqual({ restored: 5, withdrawn: 5, skipped: 0 });
    expect(ids.map((id) => review(store, id))).toEqual(before);
    expect(store.listOutbox()).toHaveLength(outboxBefore);
    for (const id of ids) expect(store.getRecord('schoolVisit', id)).toMatchObject({ localState: 'synced' });
    // Once undone, it cannot be undone twice.
    expect(reviewer.undo(store, bulkId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('sends the earlier review back for a visit whose operation already left, and withdraws the rest', () => {
    const { store, ids, reviewer } = setUp(4);
    const { bulkId } = must(
      reviewer.review(store, { visitIds: ids, decision: 'approved', comment: null, reviewer: 'A', at: AT }),
    );
    const sent = opsOf(store, ids.slice(0, 1)).map((op) => op.opId);
    store.markInFlight(sent);
    expect(must(reviewer.undo(store, bulkId))).toEqual({ restored: 4, withdrawn: 3, skipped: 0 });
    // The sent operation stays (the server may apply it), and a new one after it restores the review.
    const ops = opsOf(store, ids);
    expect(ops.map((op) => op.recordId)).toEqual([ids[0], ids[0]]);
    expect(ops[1]?.opId).not.toBe(sent[0]);
    expect(review(store, ids[0] ?? '')).toMatchObject({ reviewStatus: 'pending', reviewedBy: null });
  });

  it('leaves a visit reviewed again since, and only the last bulk review can be undone', () => {
    const { store, ids, reviewer } = setUp(3);
    const first = must(
      reviewer.review(store, { visitIds: ids, decision: 'approved', comment: null, reviewer: 'A', at: AT }),
    );
    must(store.updateRecord('schoolVisit', ids[1] ?? '', { reviewStatus: 'flagged', reviewComment: 'Second look' }));
    expect(must(reviewer.undo(store, first.bulkId))).toEqual({ restored: 2, withdrawn: 2, skipped: 1 });
    expect(review(store, ids[1] ?? '')).toMatchObject({ reviewStatus: 'flagged', reviewComment: 'Second look' });

    const second = must(
      reviewer.review(store, { visitIds: ids, decision: 'approved', comment: null, reviewer: 'A', at: AT }),
    );
    const third = must(
      reviewer.review(store, { visitIds: ids, decision: 'flagged', comment: 'x', reviewer: 'A', at: AT }),
    );
    expect(reviewer.undo(store, second.bulkId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(must(reviewer.undo(store, third.bulkId)).restored).toBe(3);
    for (const id of ids) expect(review(store, id)).toMatchObject({ reviewStatus: 'approved' });
  });
});
