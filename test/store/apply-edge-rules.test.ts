import { describe, expect, it } from 'vitest';
import type { OpResult } from '../../src/shared/protocol/sync.js';
import {
  applyDeployment,
  first,
  must,
  openTestStore,
  T0,
  tinyDeployment,
  tombstone,
  wire,
} from './support/store-fixture.js';

/**
 * Answers and pulls over rows with queued edits, in the corners the broader suites leave out (found by
 * the mutation run: each test kills mutants of src/main/store/apply that they let live).
 */
const seed = tinyDeployment();
const school = first(seed, 'school');
const visit = first(seed, 'schoolVisit');
const { id: _id, ...visitFields } = visit;

function seeded() {
  const opened = openTestStore();
  applyDeployment(opened.store, seed);
  return opened;
}
type Store = ReturnType<typeof seeded>['store'];

const pullVisit = (store: Store, item: ReturnType<typeof wire>) =>
  must(store.applyServerPage({ changes: [{ collection: 'school-visits', items: [item] }] }));
const answer = (store: Store, result: OpResult) => must(store.applyOpResults([result]));
const acked = (opId: string, version: number, status: 'applied' | 'duplicate' = 'applied'): OpResult => ({
  opId,
  status,
  entity: 'schoolVisit',
  id: visit.id,
  version,
  updatedAt: T0,
});
const conflict = (opId: string, server: ReturnType<typeof wire>, baseVersion = 1): OpResult => ({
  opId,
  status: 'conflict',
  entity: 'schoolVisit',
  id: visit.id,
  baseVersion,
  server,
});

describe('an acknowledgement with later edits queued', () => {
  it('moves the base to what the server now holds: discarding the later edit keeps the acknowledged value', () => {
    const { store } = seeded();
    const sent = must(store.updateRecord('schoolVisit', visit.id, { notes: 'acked' })).opId ?? '';
    store.markInFlight([sent]);
    const later = must(store.updateRecord('schoolVisit', visit.id, { status: 'cancelled' })).opId ?? '';
    answer(store, acked(sent, 2));
    const { lost } = must(store.discardOp(later));
    expect(lost).toEqual([expect.objectContaining({ values: { status: 'cancelled' } })]);
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { ...visitFields, notes: 'acked' },
      version: 2,
      localState: 'synced',
    });
  });
});

describe('a duplicate answer for content sent before a pull', () => {
  it('a field edited again since the lost send keeps the newer edit, queued', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'lost send' })).opId ?? '';
    store.markInFlight([opId]);
    store.failOps([opId], { code: 'NETWORK', message: 'connection reset' });
    must(store.updateRecord('schoolVisit', visit.id, { notes: 'newer' }));
    pullVisit(store, wire({ ...visit, notes: 'theirs' }, 3));
    store.markInFlight([opId]);
    answer(store, acked(opId, 2, 'duplicate'));
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'newer' },
      baseVersion: 3,
      localState: 'pending',
    });
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ baseVersion: 3, changes: { notes: 'newer' } })]);
  });
});

describe('a conflict answer', () => {
  it('with a tombstone: the server deleted the record, nothing is re-queued and the local values wait in a conflict', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' })).opId ?? '';
    store.markInFlight([opId]);
    answer(store, conflict(opId, tombstone(visit.id, 2)));
    expect(store.listOutbox()).toEqual([]);
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({ deleted: true, version: 2, localState: 'synced' });
    expect(store.listConflicts()).toEqual([expect.objectContaining({ kind: 'remote_delete' })]);
  });

  it('whose server record names a parent this store does not have is refused, changing nothing', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' })).opId ?? '';
    store.markInFlight([opId]);
    const missing = '00000000-0000-4000-8000-00000000dead';
    const result = store.applyOpResults([conflict(opId, wire({ ...visit, schoolId: missing }, 2))]);
    expect(result).toMatchObject({ ok: false, error: { code: 'MISSING_PARENT', field: 'schoolId' } });
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({ fields: { notes: 'mine' }, baseVersion: 1 });
    expect(store.listOutbox()).toEqual([expect.objectContaining({ opId, state: 'in_flight' })]);
  });
});

describe('a pull over a row with queued edits', () => {
  it('an older server version than the row has is skipped: the edit and its base stay', () => {
    const { store } = seeded();
    pullVisit(store, wire({ ...visit, notes: 'v3' }, 3));
    must(store.updateRecord('schoolVisit', visit.id, { status: 'cancelled' }));
    expect(pullVisit(store, wire({ ...visit, notes: 'old v2' }, 2))).toMatchObject({ skipped: 1, merged: 0 });
    expect(pullVisit(store, wire({ ...visit, notes: 'v3' }, 3))).toMatchObject({ skipped: 1, merged: 0 });
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'v3', status: 'cancelled' },
      version: 3,
      baseVersion: 3,
    });
    expect(store.listConflicts()).toEqual([]);
  });

  it('a new server version that changes no field merges without recording a conflict', () => {
    const { store } = seeded();
    must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' }));
    expect(pullVisit(store, wire({ ...visit }, 2))).toMatchObject({ merged: 1, conflicts: 0 });
    expect(store.listConflicts()).toEqual([]);
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ baseVersion: 2, changes: { notes: 'mine' } })]);
  });

  it('over a pending delete: a version that changes nothing records no conflict; one that does names its fields', () => {
    const { store } = seeded();
    const item = first(seed, 'sectionAnswer');
    must(store.deleteRecord('sectionAnswer', item.id));
    const page = (record: ReturnType<typeof wire>) =>
      must(store.applyServerPage({ changes: [{ collection: 'section-answers', items: [record] }] }));
    expect(page(wire({ ...item }, 2))).toMatchObject({ merged: 1, conflicts: 0 });
    expect(store.listConflicts()).toEqual([]);
    const changed = item.correct === 1 ? 0 : 1;
    expect(page(wire({ ...item, correct: changed }, 3))).toMatchObject({ merged: 1, conflicts: 1 });
    expect(store.listConflicts()).toEqual([
      expect.objectContaining({
        kind: 'last_write_wins',
        localDeleted: true,
        auto: { correct: 'local' },
        fields: [expect.objectContaining({ field: 'correct', server: changed })],
      }),
    ]);
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ kind: 'delete', baseVersion: 3 })]);
  });

  it('one collision is one conflict entry, however the fields were decided, and counted once', () => {
    const { store } = seeded();
    must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' }));
    const stats = pullVisit(store, wire({ ...visit, notes: 'theirs', status: 'cancelled' }, 2));
    expect(stats).toMatchObject({ merged: 1, conflicts: 1 });
    const conflicts = store.listConflicts();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'last_write_wins', auto: { notes: 'local' } });
    expect(conflicts[0]?.fields).toEqual([expect.objectContaining({ field: 'notes', resolved: 'mine' })]);
  });
});

describe('a collision on a field the officer decides', () => {
  it('is held open with no resolution chosen, while a disjoint server change merges beside it', () => {
    const { store } = seeded();
    must(store.updateRecord('schoolVisit', visit.id, { reviewStatus: 'approved' }));
    pullVisit(store, wire({ ...visit, reviewStatus: 'flagged', notes: 'theirs' }, 2));
    expect(store.listConflicts()).toEqual([
      expect.objectContaining({ kind: 'held', status: 'open', resolved: null, auto: {} }),
    ]);
    expect(store.getRecord('schoolVisit', visit.id)?.fields).toMatchObject({
      reviewStatus: 'flagged',
      notes: 'theirs',
    });
  });
});

describe('a page with a child whose parent is missing', () => {
  it('is refused with a message saying the parent is not in the store', () => {
    const { store } = seeded();
    const missing = '00000000-0000-4000-8000-00000000beef';
    const result = store.applyServerPage({
      changes: [
        {
          collection: 'school-visits',
          items: [wire({ ...visit, id: missing.replace('beef', 'bee0'), schoolId: missing })],
        },
      ],
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'MISSING_PARENT', message: expect.stringContaining(`${missing}, which is not in the store`) },
    });
    expect(school.id).not.toBe(missing);
  });
});

describe('a conflict answer older than what the store already pulled', () => {
  it('changes nothing: the pulled version stays and the edit stays rebased on it', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' })).opId ?? '';
    store.markInFlight([opId]);
    // The page of the same sync came first, with version 3; the answer names version 2.
    pullVisit(store, wire({ ...visit, status: 'cancelled' }, 3));
    answer(store, conflict(opId, wire({ ...visit, status: 'completed' }, 2)));
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'mine', status: 'cancelled' },
      version: 3,
      baseVersion: 3,
      localState: 'pending',
    });
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, baseVersion: 3, changes: { notes: 'mine' } })]);
  });
});
