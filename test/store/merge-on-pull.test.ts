import { describe, expect, it } from 'vitest';
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

const seed = tinyDeployment();
const visit = first(seed, 'schoolVisit');
const answer = first(seed, 'sectionAnswer');

function withLocalEdit(changes: Record<string, unknown>) {
  const { store } = openTestStore();
  applyDeployment(store, seed);
  const { opId } = must(store.updateRecord('schoolVisit', visit.id, changes));
  return { store, opId: opId ?? '' };
}

const pull = (store: ReturnType<typeof openTestStore>['store'], item: ReturnType<typeof wire>) =>
  must(store.applyServerPage({ changes: [{ collection: 'school-visits', items: [item] }] }));

describe('a server record over a row with pending edits', () => {
  it('merges disjoint fields, records a merged conflict, and rebases the op on the server version', () => {
    const { store, opId } = withLocalEdit({ notes: 'books checked' });
    const stats = pull(store, wire({ ...visit, status: 'cancelled' }, 2));
    expect(stats).toMatchObject({ merged: 1, conflicts: 1, applied: 0 });
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'books checked', status: 'cancelled' },
      version: 2,
      baseVersion: 2,
      localState: 'pending',
    });
    expect(store.readyOps(10)).toEqual([
      expect.objectContaining({ opId, baseVersion: 2, changes: { notes: 'books checked' } }),
    ]);
    expect(store.listConflicts()).toEqual([
      expect.objectContaining({
        kind: 'merged',
        status: 'resolved',
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'notes' }),
          expect.objectContaining({ field: 'status' }),
        ]),
      }),
    ]);
  });

  it('resolves an overlapping field to the pending local value and records both versions', () => {
    const { store } = withLocalEdit({ notes: 'local' });
    pull(store, wire({ ...visit, notes: 'server' }, 2));
    expect(store.getRecord('schoolVisit', visit.id)?.fields.notes).toBe('local');
    expect(store.readyOps(10)[0]).toMatchObject({ baseVersion: 2, changes: { notes: 'local' } });
    const [conflict] = store.listConflicts();
    expect(conflict).toMatchObject({
      kind: 'last_write_wins',
      status: 'resolved',
      fields: [{ field: 'notes', base: visit.notes, local: 'local', server: 'server', resolved: 'local' }],
      baseVersion: 1,
      serverVersion: 2,
    });
  });

  it('holds overlapping manual fields: the row shows the server value and the op stops carrying them', () => {
    const { store } = withLocalEdit({ reviewStatus: 'approved', reviewComment: 'fine', notes: 'n' });
    pull(store, wire({ ...visit, reviewStatus: 'flagged', reviewComment: 'missing pages' }, 2));
    expect(store.getRecord('schoolVisit', visit.id)?.fields).toMatchObject({
      reviewStatus: 'flagged',
      reviewComment: 'missing pages',
      notes: 'n',
    });
    expect(store.readyOps(10)[0]?.changes).toEqual({ notes: 'n' });
    expect(store.listConflicts({ status: 'open' })).toEqual([
      expect.objectContaining({
        kind: 'held',
        fields: [
          expect.objectContaining({ field: 'reviewStatus', local: 'approved', server: 'flagged' }),
          expect.objectContaining({ field: 'reviewComment', local: 'fine', server: 'missing pages' }),
        ],
      }),
    ]);
  });

  it('removes the op and syncs the row when nothing differs from the server any more', () => {
    const { store } = withLocalEdit({ notes: 'same' });
    const stats = pull(store, wire({ ...visit, notes: 'same' }, 2));
    expect(stats.conflicts).toBe(0);
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      localState: 'synced',
      version: 2,
      baseVersion: null,
    });
    expect(store.listOutbox()).toEqual([]);
  });

  it('keeps the opId of an op the server may have seen, and sends the rebased op at once', () => {
    const { store, opId } = withLocalEdit({ notes: 'local' });
    store.markInFlight([opId]);
    store.failOps([opId], { code: 'TIMEOUT', message: 'timeout' });
    pull(store, wire({ ...visit, status: 'cancelled' }, 2));
    expect(store.readyOps(10)).toEqual([
      expect.objectContaining({ opId, baseVersion: 2, changes: { notes: 'local' }, state: 'pending', failures: 0 }),
    ]);
  });
  it('lets a remote delete win over a pending edit and keeps the local values in an open conflict', () => {
    const { store } = withLocalEdit({ notes: 'my notes' });
    const stats = pull(store, tombstone(visit.id, 2));
    expect(stats).toMatchObject({ deleted: 1, conflicts: 1 });
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({ deleted: true, localState: 'synced', version: 2 });
    expect(store.listOutbox()).toEqual([]);
    expect(store.listConflicts({ status: 'open' })).toEqual([
      expect.objectContaining({
        kind: 'remote_delete',
        serverDeleted: true,
        local: expect.objectContaining({ notes: 'my notes' }),
      }),
    ]);
  });

  it('keeps a pending local delete over a remote edit, rebased, and records what the delete overrides', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    must(store.deleteRecord('sectionAnswer', answer.id));
    must(
      store.applyServerPage({
        changes: [{ collection: 'section-answers', items: [wire({ ...answer, correct: 0 }, 2)] }],
      }),
    );
    expect(store.getRecord('sectionAnswer', answer.id)).toMatchObject({
      deleted: true,
      localState: 'pending',
      version: 2,
    });
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ kind: 'delete', baseVersion: 2 })]);
    expect(store.listConflicts()).toEqual([
      expect.objectContaining({
        kind: 'last_write_wins',
        localDeleted: true,
        fields: [expect.objectContaining({ field: 'correct', server: 0 })],
      }),
    ]);
    // Both deleted: nothing to record, the row is a synced tombstone.
    must(store.applyServerPage({ changes: [{ collection: 'section-answers', items: [tombstone(answer.id, 3)] }] }));
    expect(store.getRecord('sectionAnswer', answer.id)).toMatchObject({
      deleted: true,
      localState: 'synced',
      version: 3,
    });
    expect(store.listConflicts()).toHaveLength(1);
    expect(store.listOutbox()).toEqual([]);
  });

  it('refuses a merged record whose server value references a missing parent, leaving the row as it was', () => {
    const { store } = withLocalEdit({ notes: 'local' });
    const before = store.getRecord('schoolVisit', visit.id);
    const result = store.applyServerPage({
      changes: [
        {
          collection: 'school-visits',
          items: [wire({ ...visit, schoolId: '00000000-0000-4000-8000-0000000000ff' }, 2)],
        },
      ],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'MISSING_PARENT', field: 'schoolId', id: visit.id } });
    expect(store.getRecord('schoolVisit', visit.id)).toEqual(before);
    expect(store.listConflicts()).toEqual([]);
  });
});

/**
 * A push the server applied whose answer was lost (a cut, a reset), then a pull that merged another
 * client's later write over the still-queued op before it was resent. The server must see the resend
 * as the same op: it answers `duplicate` with the version it applied, and the later write stands.
 */
describe('an op whose answer was lost, merged over by a later pull', () => {
  const duplicate = (opId: string, version: number) => ({
    opId,
    status: 'duplicate' as const,
    entity: 'schoolVisit',
    id: visit.id,
    version,
    updatedAt: T0,
  });

  function sentAndLost(changes: Record<string, unknown>) {
    const edited = withLocalEdit(changes);
    edited.store.markInFlight([edited.opId]);
    edited.store.failOps([edited.opId], { code: 'NETWORK', message: 'connection reset' });
    return edited;
  }

  it('applied before the pulled version: the later write of the other client wins, nothing is resent', () => {
    const { store, opId } = sentAndLost({ notes: 'mine' });
    // Our edit became version 2 on the server; another client then wrote version 3.
    pull(store, wire({ ...visit, notes: 'theirs' }, 3));
    const [resend] = store.readyOps(10);
    expect(resend).toMatchObject({ opId, baseVersion: 3, changes: { notes: 'mine' } });
    store.markInFlight([opId]);
    expect(must(store.applyOpResults([duplicate(opId, 2)]))).toMatchObject({ acked: 1 });
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'theirs' },
      version: 3,
      localState: 'synced',
    });
    expect(store.listOutbox()).toEqual([]);
  });

  it('edits made after the lost send stay queued, rebased on the pulled version', () => {
    const { store, opId } = sentAndLost({ notes: 'mine' });
    must(store.updateRecord('schoolVisit', visit.id, { status: 'cancelled' }));
    expect(store.listOutbox()).toHaveLength(2);
    pull(store, wire({ ...visit, notes: 'theirs' }, 3));
    // Rebased into the oldest op: the later one is folded into it, not left to be sent again.
    expect(store.listOutbox().map((op) => [op.opId, op.fields])).toEqual([[opId, ['status', 'notes']]]);
    store.markInFlight([opId]);
    must(store.applyOpResults([duplicate(opId, 2)]));
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'theirs', status: 'cancelled' },
      baseVersion: 3,
      localState: 'pending',
    });
    const [rest] = store.readyOps(10);
    expect(rest).toMatchObject({ baseVersion: 3, changes: { status: 'cancelled' }, attempts: 0 });
    expect(rest?.opId).not.toBe(opId);
  });

  it('never applied before: the resend is applied on the pulled version and the local edit wins', () => {
    const { store, opId } = sentAndLost({ notes: 'mine' });
    pull(store, wire({ ...visit, notes: 'theirs' }, 2));
    store.markInFlight([opId]);
    must(store.applyOpResults([{ ...duplicate(opId, 3), status: 'applied' }]));
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'mine' },
      version: 3,
      localState: 'synced',
    });
  });
});
