import { describe, expect, it } from 'vitest';
import type { OpResult } from '../../src/shared/protocol/sync.js';
import { applyDeployment, first, must, openTestStore, T0, tinyDeployment, wire } from './support/store-fixture.js';

const seed = tinyDeployment();
const pending = first(seed, 'schoolVisit');

function seeded() {
  const { store, clock } = openTestStore();
  applyDeployment(store, seed);
  return { store, clock };
}

type Store = ReturnType<typeof seeded>['store'];
const pull = (store: Store, fields: { id: string } & Record<string, unknown>, version: number) =>
  must(store.applyServerPage({ changes: [{ collection: 'school-visits', items: [wire(fields, version)] }] }));
const ack = (opId: string, id: string, version: number): OpResult => ({
  opId,
  status: 'applied',
  entity: 'schoolVisit',
  id,
  version,
  updatedAt: T0,
});

describe('one collision, one conflict', () => {
  it('lists held and automatically decided fields of one collision as one entry', () => {
    const { store } = seeded();
    must(
      store.updateRecord('schoolVisit', pending.id, {
        reviewStatus: 'approved',
        reviewComment: 'Checked the register',
        reviewedBy: 'Me',
        reviewedAt: '2026-12-04T08:00:00.000Z',
      }),
    );
    const stats = pull(
      store,
      {
        ...pending,
        reviewStatus: 'flagged',
        reviewComment: 'Pupil codes repeat',
        reviewedBy: 'Them',
        reviewedAt: '2026-12-04T07:00:00.000Z',
      },
      2,
    );
    expect(stats.conflicts).toBe(1);
    const all = store.listConflicts();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      kind: 'held',
      status: 'open',
      auto: { reviewedBy: 'local', reviewedAt: 'local' },
      resolvedBy: null,
    });
    expect(all[0]?.fields.map((f) => f.field).sort()).toEqual([
      'reviewComment',
      'reviewStatus',
      'reviewedAt',
      'reviewedBy',
    ]);
  });

  it('says which side won each field of an automatic merge', () => {
    const { store } = seeded();
    must(store.updateRecord('schoolVisit', pending.id, { notes: 'books checked' }));
    pull(store, { ...pending, status: 'cancelled' }, 2);
    expect(store.listConflicts()).toEqual([
      expect.objectContaining({ kind: 'merged', auto: { notes: 'local', status: 'server' } }),
    ]);
  });
});

describe('overriding an automatic resolution', () => {
  it('pushes the version that lost as a new edit, even after mine was sent, and keeps who did it', () => {
    const { store } = seeded();
    const { opId } = must(store.updateRecord('schoolVisit', pending.id, { notes: 'mine' }));
    pull(store, { ...pending, notes: 'theirs' }, 2);
    const [auto] = store.listConflicts({ status: 'resolved' });
    expect(auto).toMatchObject({ kind: 'last_write_wins', auto: { notes: 'local' }, resolvedBy: null });
    // Mine reached the server: the record there now says "mine".
    const [rebased] = store.readyOps(10);
    store.markInFlight([rebased?.opId ?? opId ?? '']);
    must(store.applyOpResults([ack(rebased?.opId ?? '', pending.id, 3)]));
    pull(store, { ...pending, notes: 'mine' }, 3);
    expect(store.listOutbox()).toEqual([]);

    const override = must(store.resolveConflict(auto?.id ?? '', { notes: 'server' }, 'Demo Officer'));
    expect(override.opId).not.toBeNull();
    expect(store.getRecord('schoolVisit', pending.id)?.fields.notes).toBe('theirs');
    expect(store.readyOps(10)).toEqual([
      expect.objectContaining({ opId: override.opId, baseVersion: 3, changes: { notes: 'theirs' } }),
    ]);
    const [history] = store.listConflicts({ status: 'resolved' });
    expect(history).toMatchObject({
      id: auto?.id,
      resolvedBy: 'Demo Officer',
      choices: { notes: 'server' },
      resolved: expect.objectContaining({ notes: 'theirs' }),
    });
  });

  it('keeps a history: a decided conflict leaves the open list at once, the newest resolution first', () => {
    const { store, clock } = seeded();
    const visits = (seed.get('schoolVisit') ?? []).slice(0, 2);
    for (const v of visits) {
      must(store.updateRecord('schoolVisit', v.id, { reviewStatus: 'approved' }));
      pull(store, { ...v, reviewStatus: 'flagged', reviewComment: 'Why' }, 2);
    }
    const open = store.listConflicts({ status: 'open' });
    expect(open).toHaveLength(2);
    for (const c of open) {
      clock.advance(60_000);
      must(store.resolveConflict(c.id, { reviewStatus: 'server', reviewComment: 'server' }, 'Demo Officer'));
    }
    expect(store.listConflicts({ status: 'open' })).toEqual([]);
    expect(store.openConflictCount()).toBe(0);
    expect(store.listConflicts({ status: 'resolved' }).map((c) => c.id)).toEqual([open[1]?.id, open[0]?.id]);
  });
});

describe('record rules', () => {
  it('refuse a local edit that would flag a visit without saying why', () => {
    const { store } = seeded();
    const refused = store.updateRecord('schoolVisit', pending.id, { reviewStatus: 'flagged', reviewComment: ' ' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', rule: 'flaggedNeedsComment', field: 'reviewComment' },
    });
    expect(store.listOutbox()).toEqual([]);
  });

  it('refuse a follow-up on a visit that is not flagged, but not an edit that touches no rule', () => {
    const { store } = seeded();
    expect(store.updateRecord('schoolVisit', pending.id, { followUpDate: '2026-12-20' })).toMatchObject({
      ok: false,
      error: { rule: 'followUpOnlyWhenFlagged' },
    });
    // A record the server sent that already breaks a rule can still get an unrelated edit.
    pull(store, { ...pending, followUpDate: '2026-12-20' }, 2);
    expect(store.updateRecord('schoolVisit', pending.id, { notes: 'x' }).ok).toBe(true);
  });

  it('hold a merge that would break one: mine adds a follow-up, theirs approved the visit', () => {
    const { store } = seeded();
    const flagged = { ...pending, reviewStatus: 'flagged', reviewComment: 'Missing pages' };
    pull(store, flagged, 2);
    must(store.updateRecord('schoolVisit', flagged.id, { followUpDate: '2026-12-20', notes: 'call the head' }));
    pull(store, { ...flagged, reviewStatus: 'approved', reviewComment: 'Fine now' }, 3);
    const row = store.getRecord('schoolVisit', flagged.id);
    expect(row?.fields).toMatchObject({ reviewStatus: 'approved', followUpDate: null, notes: 'call the head' });
    expect(store.readyOps(10)[0]?.changes).toEqual({ notes: 'call the head' });
    expect(store.listConflicts({ status: 'open' })).toEqual([
      expect.objectContaining({
        kind: 'held',
        fields: [expect.objectContaining({ field: 'followUpDate', local: '2026-12-20', server: null })],
      }),
    ]);
  });

  it('refuse a resolution that would break one', () => {
    const { store } = seeded();
    must(store.updateRecord('schoolVisit', pending.id, { reviewStatus: 'approved', reviewComment: null }));
    pull(store, { ...pending, reviewStatus: 'flagged', reviewComment: 'Missing pages' }, 2);
    const [held] = store.listConflicts({ status: 'open' });
    const refused = store.resolveConflict(held?.id ?? '', { reviewStatus: 'server', reviewComment: 'local' });
    expect(refused).toMatchObject({ ok: false, error: { rule: 'flaggedNeedsComment' } });
    expect(store.listConflicts({ status: 'open' })).toHaveLength(1);
  });
});
