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

describe('which op carries an edit', () => {
  const teacher = { schoolId: school.id, firstName: 'Ana', lastName: 'Queued', gender: 'female', active: true };

  it('an edit of a record created here folds into its unsent create, which keeps every field', () => {
    const { store } = seeded();
    const { id, opId } = must(store.createRecord('teacher', teacher));
    expect(must(store.updateRecord('teacher', id, { phone: '0700' })).opId).toBe(opId);
    const [op] = store.readyOps(10);
    expect(op).toMatchObject({ opId, kind: 'upsert', baseVersion: null });
    expect(op?.changes).toMatchObject({ ...teacher, phone: '0700' });
  });

  it('an op a cancelled sync put back was handed out once: the next edit is a new op after it', () => {
    const { store } = seeded();
    const first = must(store.updateRecord('school', school.id, { name: 'Sent once' })).opId ?? '';
    store.markInFlight([first]);
    store.failOps([first], { code: 'CANCELLED', message: 'Sync cancelled' });
    expect(stateOf(store, first)).toMatchObject({ state: 'pending', attempts: 1 });
    const next = must(store.updateRecord('school', school.id, { phone: '0711' })).opId;
    expect(next).not.toBe(first);
    expect(store.listOutbox().map((o) => [o.opId, o.fields])).toEqual([
      [first, ['name']],
      [next, ['phone']],
    ]);
  });

  it('a merge over a sent op and a later one leaves one op, still counted as sent', () => {
    const { store } = seeded();
    const sent = must(store.updateRecord('school', school.id, { name: 'Mine' })).opId ?? '';
    store.markInFlight([sent]);
    store.failOps([sent], NETWORK);
    must(store.updateRecord('school', school.id, { phone: '0722' }));
    expect(store.listOutbox()).toHaveLength(2);
    must(
      store.applyServerPage({
        changes: [
          { collection: 'schools', items: [{ ...school, enrolment: 999, version: 2, updatedAt: T0, deleted: false }] },
        ],
      }),
    );
    const ops = store.readyOps(10);
    expect(ops).toEqual([expect.objectContaining({ opId: sent, baseVersion: 2, attempts: 1 })]);
    expect(ops[0]?.changes).toEqual({ name: 'Mine', phone: '0722' });
    // The server may know that opId: a new edit must not change what it carries.
    expect(must(store.updateRecord('school', school.id, { name: 'Mine again' })).opId).not.toBe(sent);
  });
});

describe('the order and holding of deletes', () => {
  /** A school with a teacher and a visit, created here and acknowledged: all three on the server. */
  function syncedFamily(store: ReturnType<typeof seeded>['store']) {
    const { id: _id, ...fields } = school;
    const s = must(store.createRecord('school', { ...fields, emisCode: 'FAM-1' }));
    const t = must(
      store.createRecord('teacher', { schoolId: s.id, firstName: 'A', lastName: 'B', gender: 'male', active: true }),
    );
    const { id: _vid, ...visitFields } = visit;
    const v = must(store.createRecord('schoolVisit', { ...visitFields, schoolId: s.id }));
    const created = [
      ['school', s],
      ['teacher', t],
      ['schoolVisit', v],
    ] as const;
    store.markInFlight(created.map(([, r]) => r.opId));
    must(
      store.applyOpResults(
        created.map(([entity, r]) => ({
          opId: r.opId,
          status: 'applied',
          entity,
          id: r.id,
          version: 1,
          updatedAt: T0,
        })),
      ),
    );
    expect(store.listOutbox()).toEqual([]);
    return { school: s.id, teacher: t.id, visit: v.id };
  }

  it('sends a parent’s delete in the same batch as its children’s, children first', () => {
    const { store } = seeded();
    const ids = syncedFamily(store);
    const delTeacher = must(store.deleteRecord('teacher', ids.teacher)).opId;
    const delVisit = must(store.deleteRecord('schoolVisit', ids.visit)).opId;
    const delSchool = must(store.deleteRecord('school', ids.school)).opId;
    const order = store.readyOps(10).map((o) => o.opId);
    expect(order).toHaveLength(3);
    expect(order.at(-1)).toBe(delSchool);
    expect(new Set(order.slice(0, 2))).toEqual(new Set([delTeacher, delVisit]));
  });

  it('holds a parent’s delete while a child’s delete is on the wire', () => {
    const { store } = seeded();
    const ids = syncedFamily(store);
    const delTeacher = must(store.deleteRecord('teacher', ids.teacher)).opId ?? '';
    const delVisit = must(store.deleteRecord('schoolVisit', ids.visit)).opId ?? '';
    const delSchool = must(store.deleteRecord('school', ids.school)).opId;
    store.markInFlight([delTeacher]);
    expect(store.readyOps(10).map((o) => o.opId)).toEqual([delVisit]);
    must(
      store.applyOpResults([
        { opId: delTeacher, status: 'applied', entity: 'teacher', id: ids.teacher, version: 2, updatedAt: T0 },
      ]),
    );
    expect(store.readyOps(10).map((o) => o.opId)).toEqual([delVisit, delSchool]);
  });

  it('sends ops of one entity type oldest first', () => {
    const { store } = seeded();
    const schools = seed.get('school') ?? [];
    const ops = schools
      .slice(0, 4)
      .reverse()
      .map((s, i) => must(store.updateRecord('school', s.id, { phone: `07${i}` })).opId);
    expect(store.readyOps(10).map((o) => o.opId)).toEqual(ops);
  });
});

describe('odd corners of the queue', () => {
  it('an op of an entity type no longer declared stays queued for the officer, never sent', () => {
    const { store } = seeded();
    rawConnection(store)
      .sqlite.prepare(
        `INSERT INTO outbox (op_id, entity, record_id, kind, changes, base_version, state, attempts, failures, created_at, updated_at)
         VALUES ('00000000-0000-4000-8000-0000000000d1', 'retiredThing', 'r1', 'upsert', '{"a":1}', 3, 'pending', 0, 0, ?, ?)`,
      )
      .run(T0, T0);
    const kept = must(store.updateRecord('school', school.id, { phone: '0733' })).opId;
    expect(store.readyOps(10).map((o) => o.opId)).toEqual([kept]);
    expect(store.listOutbox()[0]).toMatchObject({
      entity: 'retiredThing',
      entityLabel: 'retiredThing',
      kind: 'update',
    });
  });

  it('a backoff that came out at exactly the cap is waited out in full', () => {
    const capped = openTestStore({ retry: { maxFailures: 5, baseMs: 1_000, maxMs: 1_000 }, random: () => 0.999_999_9 });
    applyDeployment(capped.store, seed);
    const opId = must(capped.store.updateRecord('school', school.id, { name: 'Capped' })).opId ?? '';
    capped.store.markInFlight([opId]);
    capped.store.failOps([opId], NETWORK);
    expect((capped.store.nextRetryAt() ?? 0) - capped.clock.now().getTime()).toBe(1_000);
    expect(capped.store.readyOps(10)).toEqual([]);
    capped.clock.advance(1_000);
    expect(capped.store.readyOps(10)).toEqual([expect.objectContaining({ opId, lastError: NETWORK, failures: 1 })]);
  });

  it('warns in the log, naming the op, when an op needs attention after repeated failures', () => {
    const warnings: unknown[][] = [];
    const logger = { error() {}, info() {}, debug() {}, warn: (...args: unknown[]) => warnings.push(args) };
    const { store } = openTestStore({ retry: { maxFailures: 2, baseMs: 1_000, maxMs: 60_000 }, logger });
    applyDeployment(store, seed);
    const opId = must(store.updateRecord('school', school.id, { name: 'Flaky' })).opId ?? '';
    store.markInFlight([opId]);
    store.failOps([opId], NETWORK);
    expect(warnings).toEqual([]);
    store.markInFlight([opId]);
    store.failOps([opId], NETWORK);
    expect(warnings).toEqual([['outbox op needs attention after repeated failures', { opId }]]);
  });

  it('refuses to retry or discard a change on the wire, saying why; and a later op of that record too', () => {
    const { store } = seeded();
    const sent = must(store.updateRecord('school', school.id, { name: 'On the wire' })).opId ?? '';
    store.markInFlight([sent]);
    const later = must(store.updateRecord('school', school.id, { phone: '0744' })).opId ?? '';
    expect(store.retryOp(sent)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONFLICT', message: 'This change is being sent right now' }),
    });
    expect(store.discardOp(later)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CONFLICT',
        entity: 'school',
        id: school.id,
        message: `School ${school.id} is being sent right now; discard it after the sync finishes`,
      }),
    });
    expect(store.listOutbox().map((o) => o.opId)).toEqual([sent, later]);
    expect(store.discardOp('00000000-0000-4000-8000-00000000ffff')).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'NOT_FOUND',
        message: 'Queued change 00000000-0000-4000-8000-00000000ffff does not exist',
      }),
    });
  });

  it('discarding a create names the ops it drops', () => {
    const { store } = seeded();
    const { id, opId } = must(
      store.createRecord('teacher', {
        schoolId: school.id,
        firstName: 'A',
        lastName: 'Gone',
        gender: 'male',
        active: true,
      }),
    );
    expect(must(store.discardOp(opId)).lost).toEqual([
      expect.objectContaining({ entity: 'teacher', id, change: 'created', opIds: [opId] }),
    ]);
  });

  it("discarding a change refused as outside the officer's districts lets go of the record; another refusal keeps it", () => {
    const refusedAs = (store: ReturnType<typeof seeded>['store'], code: 'OUT_OF_SCOPE' | 'FORBIDDEN') => {
      const opId = must(store.updateRecord('sectionAnswer', answer.id, { correct: 1 })).opId ?? '';
      store.markInFlight([opId]);
      const error = { code, message: 'Not in your districts', entity: 'sectionAnswer', id: answer.id } as const;
      must(store.applyOpResults([{ opId, status: 'rejected', entity: 'sectionAnswer', id: answer.id, error }]));
      // A later edit of the record, queued behind the refused one and refused by nobody.
      must(store.updateRecord('sectionAnswer', answer.id, { correct: 0 }));
      expect(store.listOutbox()).toHaveLength(2);
      return opId;
    };
    const outside = seeded().store;
    must(outside.discardOp(refusedAs(outside, 'OUT_OF_SCOPE')));
    expect(outside.getRecord('sectionAnswer', answer.id)).toBeUndefined();
    expect(outside.listOutbox()).toEqual([]);

    const forbidden = seeded().store;
    must(forbidden.discardOp(refusedAs(forbidden, 'FORBIDDEN')));
    expect(forbidden.getRecord('sectionAnswer', answer.id)).toMatchObject({
      fields: { correct: answer.correct },
      localState: 'synced',
    });
    expect(forbidden.listOutbox()).toEqual([]);
  });

  it('discarding an op whose record row is gone (a store repaired by hand) just drops the op', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('sectionAnswer', answer.id, { correct: 1 })).opId ?? '';
    rawConnection(store).sqlite.prepare('DELETE FROM section_answers WHERE id = ?').run(answer.id);
    expect(must(store.discardOp(opId))).toEqual({ lost: [] });
    expect(store.listOutbox()).toEqual([]);
  });
});
