import { describe, expect, it } from 'vitest';
import {
  applyDeployment,
  first,
  must,
  openTestStore,
  tinyDeployment,
  tombstone,
  wire,
} from './support/store-fixture.js';

const seed = tinyDeployment();
const visit = first(seed, 'schoolVisit');
const answer = first(seed, 'sectionAnswer');

function conflictOver(local: Record<string, unknown>, server: Record<string, unknown>) {
  const { store } = openTestStore();
  applyDeployment(store, seed);
  must(store.updateRecord('schoolVisit', visit.id, local));
  must(
    store.applyServerPage({ changes: [{ collection: 'school-visits', items: [wire({ ...visit, ...server }, 2)] }] }),
  );
  return store;
}

/** The officer edited a section answer; the server deleted it meanwhile. */
function deletedOnServerWhileEdited() {
  const { store } = openTestStore();
  applyDeployment(store, seed);
  must(store.updateRecord('sectionAnswer', answer.id, { correct: 3 }));
  must(store.applyServerPage({ changes: [{ collection: 'section-answers', items: [tombstone(answer.id, 2)] }] }));
  const [gone] = store.listConflicts({ status: 'open' });
  return { store, gone };
}

describe("the officer's override", () => {
  it('settles a held review with the local value: the record changes and a new op based on the server version carries it', () => {
    const store = conflictOver({ reviewStatus: 'approved' }, { reviewStatus: 'flagged' });
    const [held] = store.listConflicts({ status: 'open' });
    expect(store.listOutbox()).toEqual([]);
    const { opId, recordId } = must(store.resolveConflict(held?.id ?? '', { reviewStatus: 'local' }));
    expect(recordId).toBe(visit.id);
    expect(store.getRecord('schoolVisit', visit.id)?.fields.reviewStatus).toBe('approved');
    expect(store.readyOps(10)).toEqual([
      expect.objectContaining({ opId, baseVersion: 2, changes: { reviewStatus: 'approved' } }),
    ]);
    expect(store.listConflicts({ status: 'open' })).toEqual([]);
    expect(store.listConflicts({ status: 'resolved' })[0]).toMatchObject({
      resolved: expect.objectContaining({ reviewStatus: 'approved' }),
    });
  });

  it('accepting the server value of a held field needs no op', () => {
    const store = conflictOver({ reviewStatus: 'approved' }, { reviewStatus: 'flagged' });
    const [held] = store.listConflicts({ status: 'open' });
    expect(must(store.resolveConflict(held?.id ?? '', { reviewStatus: 'server' }))).toEqual({
      opId: null,
      recordId: visit.id,
    });
    expect(store.listConflicts({ status: 'open' })).toEqual([]);
  });

  it('overrides a last-write-wins resolution with the server value or an explicit one, validated', () => {
    const store = conflictOver({ notes: 'local' }, { notes: 'server' });
    const [lww] = store.listConflicts();
    expect(lww?.kind).toBe('last_write_wins');
    must(store.resolveConflict(lww?.id ?? '', { notes: 'server' }));
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'server' },
      localState: 'synced',
    });
    expect(store.listOutbox()).toEqual([]);
    expect(store.resolveConflict(lww?.id ?? '', { notes: { value: 42 } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'notes' },
    });
    expect(store.resolveConflict(lww?.id ?? '', { colour: 'local' })).toMatchObject({
      ok: false,
      error: { field: 'colour' },
    });
    const { opId } = must(store.resolveConflict(lww?.id ?? '', { notes: { value: 'both, merged by hand' } }));
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, changes: { notes: 'both, merged by hand' } })]);
  });

  it('re-creates a record deleted on the server from the kept local values, under a new id', () => {
    const { store, gone } = deletedOnServerWhileEdited();
    expect(gone).toMatchObject({ kind: 'remote_delete', local: expect.objectContaining({ correct: 3 }) });
    const { opId, recordId } = must(store.resolveConflict(gone?.id ?? '', { correct: 'local' }));
    expect(recordId).not.toBe(answer.id);
    expect(store.getRecord('sectionAnswer', recordId)).toMatchObject({
      fields: { correct: 3, pupilAssessmentId: answer.pupilAssessmentId },
      version: null,
    });
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, baseVersion: null })]);
  });

  it('accepts a remote delete when the officer keeps the server side', () => {
    const { store, gone } = deletedOnServerWhileEdited();
    expect(must(store.resolveConflict(gone?.id ?? '', {}))).toEqual({ opId: null, recordId: answer.id });
    expect(store.listOutbox()).toEqual([]);
    expect(store.listConflicts({ status: 'open' })).toEqual([]);
  });

  it('undoes a local delete that overrode server edits when the officer picks the server side', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const opId = must(store.deleteRecord('sectionAnswer', answer.id)).opId;
    must(
      store.applyServerPage({
        changes: [{ collection: 'section-answers', items: [wire({ ...answer, correct: 0 }, 2)] }],
      }),
    );
    const [c] = store.listConflicts();
    const resolved = must(store.resolveConflict(c?.id ?? '', { correct: 'server' }));
    expect(resolved).toEqual({ opId: null, recordId: answer.id });
    expect(store.getRecord('sectionAnswer', answer.id)).toMatchObject({
      deleted: false,
      localState: 'synced',
      fields: { correct: 0 },
      version: 2,
    });
    expect(store.listOutbox().map((o) => o.opId)).not.toContain(opId);
  });
});

describe('the resolution history the server is sent', () => {
  it('a hand resolution waits to be sent with its edit; stored or duplicate ends it, a refusal keeps it here unsent', () => {
    const store = conflictOver({ reviewStatus: 'approved' }, { reviewStatus: 'flagged' });
    const [held] = store.listConflicts({ status: 'open' });
    const id = held?.id ?? '';
    // Open, or resolved automatically: nothing to send.
    expect(store.unsentResolutions(10)).toEqual([]);
    const { opId } = must(store.resolveConflict(id, { reviewStatus: 'local' }, 'Officer A'));
    expect(store.unsentResolutions(10)).toEqual([
      {
        id,
        entity: 'schoolVisit',
        recordId: visit.id,
        kind: 'held',
        choices: { reviewStatus: 'local' },
        resolvedBy: 'Officer A',
        detectedAt: held?.createdAt,
        resolvedAt: expect.any(String),
        baseVersion: 1,
        serverVersion: 2,
        opId,
      },
    ]);
    const page = { changes: [], cursors: {} };
    // An answer for an id that is not pending changes nothing; the same answer twice is harmless.
    must(store.applyServerPage({ ...page, resolutionResults: [{ id: visit.id, status: 'stored' }] }));
    expect(store.unsentResolutions(10)).toHaveLength(1);
    must(store.applyServerPage({ ...page, resolutionResults: [{ id, status: 'duplicate' }] }));
    must(store.applyServerPage({ ...page, resolutionResults: [{ id, status: 'duplicate' }] }));
    expect(store.unsentResolutions(10)).toEqual([]);

    const other = conflictOver({ reviewStatus: 'approved' }, { reviewStatus: 'flagged' });
    const otherId = other.listConflicts({ status: 'open' })[0]?.id ?? '';
    must(other.resolveConflict(otherId, { reviewStatus: 'server' }));
    const refusal = { code: 'NOT_FOUND', message: 'not found' } as const;
    must(other.applyServerPage({ ...page, resolutionResults: [{ id: otherId, status: 'rejected', error: refusal }] }));
    expect(other.unsentResolutions(10)).toEqual([]);
    expect(other.listConflicts({ status: 'resolved' })).toHaveLength(1);
  });
});
