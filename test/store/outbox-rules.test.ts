import { describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { applyDeployment, first, must, openTestStore, T0, tinyDeployment } from './support/store-fixture.js';

/**
 * The outbox's smaller rules, one at a time: which ops a send, a failure or a retry touches, what the
 * queue screen is told about each op, and when a backed-off op is due. (Found by the mutation run:
 * each test kills mutants the broader suites let live.)
 */
const seed = tinyDeployment();
const school = first(seed, 'school');
const visit = first(seed, 'schoolVisit');
const answer = first(seed, 'sectionAnswer');
const NETWORK = { code: 'NETWORK', message: 'The connection dropped' } as const;
const REFUSED = { code: 'FORBIDDEN', message: 'Not yours' } as const;

function seeded() {
  const opened = openTestStore({ retry: { maxFailures: 2, baseMs: 1_000, maxMs: 60_000 } });
  applyDeployment(opened.store, seed);
  return opened;
}

const stateOf = (store: ReturnType<typeof seeded>['store'], opId: string) =>
  store.listOutbox().find((op) => op.opId === opId);

/** An op of `school` that the server refused: it waits for the officer. */
function refused(store: ReturnType<typeof seeded>['store']) {
  const opId = must(store.updateRecord('school', school.id, { name: 'Refused' })).opId ?? '';
  store.markInFlight([opId]);
  must(
    store.applyOpResults([
      {
        opId,
        status: 'rejected',
        entity: 'school',
        id: school.id,
        error: { ...REFUSED, entity: 'school', id: school.id },
      },
    ]),
  );
  return opId;
}

describe('op lifecycle', () => {
  it('a rejected op waits for the officer with the reason, and the record stays pending', () => {
    const { store } = seeded();
    const opId = refused(store);
    expect(stateOf(store, opId)).toMatchObject({ state: 'needs_attention', lastError: { code: 'FORBIDDEN' } });
    expect(store.outboxCounts()).toEqual({ pending: 0, in_flight: 0, failed: 0, needs_attention: 1 });
    expect(store.getRecord('school', school.id)).toMatchObject({ localState: 'pending', fields: { name: 'Refused' } });
    expect(store.readyOps(10)).toEqual([]);
  });

  it('sending never picks up an op waiting for the officer, and a failure touches only ops on the wire', () => {
    const { store } = seeded();
    const waiting = refused(store);
    const pending = must(store.updateRecord('schoolVisit', visit.id, { notes: 'n' })).opId ?? '';
    store.markInFlight([waiting]);
    expect(stateOf(store, waiting)).toMatchObject({ state: 'needs_attention', attempts: 1 });
    store.failOps([waiting, pending], NETWORK);
    expect(stateOf(store, waiting)).toMatchObject({ state: 'needs_attention', lastError: { code: 'FORBIDDEN' } });
    expect(stateOf(store, pending)).toMatchObject({ state: 'pending', attempts: 0, lastError: null });
    expect(store.nextRetryAt()).toBeNull();
  });

  it('a failed op is due exactly when its backoff ends, not a millisecond earlier', () => {
    const { store, clock } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Later' })).opId ?? '';
    store.markInFlight([opId]);
    store.failOps([opId], NETWORK);
    const due = store.nextRetryAt() ?? 0;
    const wait = due - clock.now().getTime();
    expect(wait).toBeGreaterThan(0);
    clock.advance(wait - 1);
    expect(store.readyOps(10)).toEqual([]);
    clock.advance(1);
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, state: 'failed', attempts: 1 })]);
  });

  it('needs attention after maxFailures failures in a row, and the officer’s retry starts over', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Flaky' })).opId ?? '';
    for (let i = 1; i <= 2; i++) {
      store.markInFlight([opId]);
      store.failOps([opId], NETWORK);
      expect(stateOf(store, opId)?.state).toBe(i < 2 ? 'failed' : 'needs_attention');
    }
    expect(stateOf(store, opId)).toMatchObject({ nextAttemptAt: null, lastError: NETWORK });
    must(store.retryOp(opId));
    expect(stateOf(store, opId)).toMatchObject({ state: 'pending', lastError: null, nextAttemptAt: null });
    expect(rawConnection(store).sqlite.prepare('select failures from outbox where op_id = ?').pluck().get(opId)).toBe(
      0,
    );
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, failures: 0 })]);
  });

  it('refuses to retry an op that does not exist, naming it', () => {
    const { store } = seeded();
    const result = store.retryOp('00000000-0000-4000-8000-00000000ffff');
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'NOT_FOUND',
        message: 'Queued change 00000000-0000-4000-8000-00000000ffff does not exist',
      }),
    });
  });
});

describe('the queue screen', () => {
  it('describes each op: create, update or delete, its fields, label, title and times', () => {
    const { store } = seeded();
    const update = must(store.updateRecord('school', school.id, { name: 'Renamed' })).opId ?? '';
    const { id, opId: create } = must(
      store.createRecord('teacher', {
        schoolId: school.id,
        firstName: 'Ana',
        lastName: 'Queued',
        gender: 'female',
        active: true,
      }),
    );
    const remove = must(store.deleteRecord('sectionAnswer', answer.id)).opId ?? '';
    const views = store.listOutbox();
    expect(views.map((v) => [v.opId, v.kind])).toEqual([
      [update, 'update'],
      [create, 'create'],
      [remove, 'delete'],
    ]);
    expect(views[0]).toMatchObject({
      entity: 'school',
      entityLabel: 'School',
      recordId: school.id,
      recordTitle: 'Renamed',
      fields: ['name'],
      state: 'pending',
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      createdAt: T0.replace('2025-01-15T10:30', '2025-03-01T08:00'),
    });
    expect(views[1]).toMatchObject({ recordId: id, entityLabel: 'Teacher', recordTitle: 'Queued' });
    expect([...(views[1]?.fields ?? [])].sort()).toEqual(
      Object.keys(entityGraph.byName.get('teacher')?.fields ?? {}).sort(),
    );
    expect(views[2]).toMatchObject({ fields: [], entityLabel: entityGraph.byName.get('sectionAnswer')?.label });
    expect(views.map((v) => v.seq)).toEqual([...views.map((v) => v.seq)].sort((a, b) => a - b));
  });

  it('shows when a failed op is due as an ISO time, and filters and pages by state', () => {
    const { store, clock } = seeded();
    const a = must(store.updateRecord('school', school.id, { name: 'A' })).opId ?? '';
    const b = must(store.updateRecord('schoolVisit', visit.id, { notes: 'B' })).opId ?? '';
    store.markInFlight([a]);
    store.failOps([a], NETWORK);
    const failed = store.listOutbox({ states: ['failed'] });
    expect(failed.map((v) => v.opId)).toEqual([a]);
    expect(failed[0]?.nextAttemptAt).toBe(new Date(store.nextRetryAt() ?? 0).toISOString());
    expect(Date.parse(failed[0]?.nextAttemptAt ?? '')).toBeGreaterThan(clock.now().getTime());
    expect(failed[0]).toMatchObject({ attempts: 1, lastError: NETWORK });
    expect(store.listOutbox({ states: ['pending'] }).map((v) => v.opId)).toEqual([b]);
    expect(store.pageOutbox({ offset: 0, limit: 1 }).map((v) => v.opId)).toEqual([a]);
    expect(store.pageOutbox({ offset: 1, limit: 5 }).map((v) => v.opId)).toEqual([b]);
    expect(store.pageOutbox({ states: ['pending'], offset: 0, limit: 5 }).map((v) => v.opId)).toEqual([b]);
    expect(store.pageOutbox({ states: ['failed'], offset: 1, limit: 5 })).toEqual([]);
    expect(store.outboxCounts()).toEqual({ pending: 1, in_flight: 0, failed: 1, needs_attention: 0 });
  });
});

describe('a merge over an op waiting for the officer', () => {
  it('keeps it waiting, with its reason, under the rebased content', () => {
    const { store } = seeded();
    const opId = refused(store);
    must(
      store.applyServerPage({
        changes: [
          {
            collection: 'schools',
            items: [{ ...school, phone: '+1 555 0100', version: 2, updatedAt: T0, deleted: false }],
          },
        ],
      }),
    );
    const [op] = store.listOutbox();
    expect(op).toMatchObject({ state: 'needs_attention', lastError: { code: 'FORBIDDEN' }, fields: ['name'] });
    // The opId is the edit's idempotency key: it survives the rebase.
    expect(op?.opId).toBe(opId);
    expect(store.getRecord('school', school.id)).toMatchObject({
      fields: { name: 'Refused', phone: '+1 555 0100' },
      baseVersion: 2,
    });
  });
});
