import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/main/store/local-store.js';
import { toPushOp } from '../../src/main/store/store-types.js';
import type { OpResult } from '../../src/shared/protocol/sync.js';
import {
  applyDeployment,
  first,
  must,
  openTestStore,
  T0,
  tableCounts,
  tinyDeployment,
  wire,
} from './support/store-fixture.js';

const seed = tinyDeployment();
const school = first(seed, 'school');
const visit = first(seed, 'schoolVisit');
const SCHOOL = '00000000-0000-4000-8000-0000000a0001';
const TEACHER = '00000000-0000-4000-8000-0000000a0002';
const VISIT = '00000000-0000-4000-8000-0000000a0003';
const NETWORK = { code: 'NETWORK', message: 'The connection dropped' } as const;

function seeded(options: Parameters<typeof openTestStore>[0] = {}) {
  const opened = openTestStore(options);
  applyDeployment(opened.store, seed);
  return opened;
}

const { id: _sid, ...schoolFields } = school;
const { id: _vid, ...visitFields } = visit;

/** A new school with a teacher and a visit under it, all created on this PC. */
function createFamily(store: LocalStore) {
  const s = must(store.createRecord('school', { ...schoolFields, emisCode: 'NEW-9' }, SCHOOL)).opId;
  const t = must(
    store.createRecord(
      'teacher',
      { schoolId: SCHOOL, firstName: 'A', lastName: 'B', gender: 'male', active: true },
      TEACHER,
    ),
  ).opId;
  const v = must(store.createRecord('schoolVisit', { ...visitFields, schoolId: SCHOOL }, VISIT)).opId;
  return { s, t, v };
}

const applied = (
  opId: string,
  entity: string,
  id: string,
  version: number,
  status: 'applied' | 'duplicate' = 'applied',
): OpResult => ({
  opId,
  status,
  entity,
  id,
  version,
  updatedAt: T0,
});

describe('readyOps', () => {
  it('sends parents before children whatever order they were made in, and deletes children first', () => {
    const { store } = seeded();
    const update = must(store.updateRecord('schoolVisit', visit.id, { notes: 'x' })).opId;
    const { s, t, v } = createFamily(store);
    const answer = first(seed, 'sectionAnswer');
    const delAnswer = must(store.deleteRecord('sectionAnswer', answer.id)).opId;
    expect(store.readyOps(10).map((o) => o.opId)).toEqual([s, t, update, v, delAnswer]);
    expect(toPushOp(store.readyOps(1)[0] as never)).toMatchObject({
      entity: 'school',
      id: SCHOOL,
      baseVersion: null,
      changes: { emisCode: 'NEW-9' },
    });
  });

  it('holds back children of a create that is on the wire, backing off or waiting for the officer', () => {
    const { store } = seeded();
    const { s, t, v } = createFamily(store);
    const rejected: OpResult = {
      opId: s,
      status: 'rejected',
      entity: 'school',
      id: SCHOOL,
      error: { code: 'FORBIDDEN', message: 'Outside your district' },
    };
    expect(store.readyOps(1).map((o) => o.opId)).toEqual([s]);
    store.markInFlight([s]);
    expect(store.readyOps(10)).toEqual([]);
    store.failOps([s], NETWORK);
    expect(store.readyOps(10)).toEqual([]);
    must(store.applyOpResults([rejected]));
    must(store.retryOp(s));
    store.markInFlight([s]);
    must(store.applyOpResults([rejected]));
    expect(store.readyOps(10)).toEqual([]);
    expect(store.listOutbox({ states: ['needs_attention'] })).toEqual([
      expect.objectContaining({ opId: s, lastError: expect.objectContaining({ message: 'Outside your district' }) }),
    ]);
    // Other records keep flowing.
    const other = must(store.updateRecord('school', school.id, { phone: '1' })).opId;
    expect(store.readyOps(10).map((o) => o.opId)).toEqual([other]);
    // Once the parent is on the server, its children go.
    must(store.retryOp(s));
    store.markInFlight([s]);
    must(store.applyOpResults([applied(s, 'school', SCHOOL, 1)]));
    expect(store.readyOps(10).map((o) => o.opId)).toEqual([other, t, v]);
  });

  it('respects the limit without ever splitting a child from its parent create', () => {
    const { store } = seeded();
    const { s, t } = createFamily(store);
    expect(store.readyOps(2).map((o) => o.opId)).toEqual([s, t]);
  });
});

describe('failures are retried with backoff and never dropped', () => {
  it('backs off exponentially with jitter, then needs attention after maxFailures, and keeps the op', () => {
    const { store, clock } = seeded({ retry: { maxFailures: 4, baseMs: 1000, maxMs: 60_000 } });
    const opId = must(store.updateRecord('school', school.id, { name: 'X' })).opId ?? '';
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      store.markInFlight(store.readyOps(10).map((o) => o.opId));
      store.failOps([opId], NETWORK);
      const [op] = store.listOutbox();
      delays.push(Date.parse(op?.nextAttemptAt ?? '') - clock.now().getTime());
      expect(op).toMatchObject({ state: 'failed', lastError: NETWORK });
      expect(store.readyOps(10)).toEqual([]);
      clock.advance(delays.at(-1) ?? 0);
      expect(store.readyOps(10).map((o) => o.opId)).toEqual([opId]);
    }
    // random() = 0.5 → three quarters of the cap: 750, 1500, 3000.
    expect(delays).toEqual([750, 1500, 3000]);
    store.markInFlight([opId]);
    store.failOps([opId], NETWORK);
    expect(store.outboxCounts()).toEqual({ pending: 0, in_flight: 0, failed: 0, needs_attention: 1 });
    clock.advance(24 * 3600_000);
    expect(store.readyOps(10)).toEqual([]);
    expect(store.listOutbox()[0]).toMatchObject({ attempts: 4, state: 'needs_attention', lastError: NETWORK });
    must(store.retryOp(opId));
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, failures: 0, lastError: null })]);
  });

  it("does not wait out a backoff that only looks long because the PC's clock went back", () => {
    const { store, clock } = seeded({ retry: { maxFailures: 4, baseMs: 1000, maxMs: 60_000 } });
    const opId = must(store.updateRecord('school', school.id, { name: 'X' })).opId ?? '';
    store.markInFlight([opId]);
    store.failOps([opId], NETWORK);
    expect(store.readyOps(10)).toEqual([]);
    clock.advance(-24 * 3600_000);
    expect(store.readyOps(10).map((o) => o.opId)).toEqual([opId]);
  });

  it('a cancelled sync puts its in-flight ops back without counting a failure', () => {
    const { store } = seeded({ retry: { maxFailures: 1, baseMs: 1000, maxMs: 60_000 } });
    const opId = must(store.updateRecord('school', school.id, { name: 'X' })).opId ?? '';
    store.markInFlight([opId]);
    store.failOps([opId], { code: 'CANCELLED', message: 'Sync cancelled' });
    expect(store.listOutbox()).toEqual([expect.objectContaining({ opId, state: 'pending', lastError: null })]);
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, failures: 0 })]);
  });

  it('survives a thousand failures without losing the op or the edit', () => {
    const { store, clock } = seeded({ retry: { maxFailures: 5, baseMs: 10, maxMs: 100 } });
    const opId = must(store.updateRecord('school', school.id, { name: 'Kept' })).opId ?? '';
    for (let i = 0; i < 1000; i++) {
      if (store.readyOps(1).length === 0) must(store.retryOp(opId));
      store.markInFlight([opId]);
      store.failOps([opId], NETWORK);
      clock.advance(100);
    }
    expect(store.listOutbox()).toEqual([expect.objectContaining({ opId, attempts: 1000 })]);
    expect(store.getRecord('school', school.id)?.fields.name).toBe('Kept');
  });

  it('resends ops left in flight by a process that died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-outbox-'));
    try {
      const path = join(dir, 'store.db');
      const store = LocalStore.open({ path });
      applyDeployment(store, seed);
      const opId = must(store.updateRecord('school', school.id, { name: 'X' })).opId ?? '';
      store.markInFlight([opId]);
      store.close();
      const reopened = LocalStore.open({ path });
      expect(reopened.readyOps(10)).toEqual([expect.objectContaining({ opId, state: 'failed', attempts: 1 })]);
      // It was sent once: a new edit must not fold into an op whose opId the server may know.
      const next = must(reopened.updateRecord('school', school.id, { phone: '2' })).opId;
      expect(next).not.toBe(opId);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the server answers pushed ops', () => {
  it('applied: the op leaves, the row is synced at the new version with the base it implies', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Acked' })).opId ?? '';
    store.markInFlight([opId]);
    expect(must(store.applyOpResults([applied(opId, 'school', school.id, 2)]))).toMatchObject({ acked: 1 });
    expect(store.getRecord('school', school.id)).toMatchObject({
      fields: { name: 'Acked' },
      version: 2,
      localState: 'synced',
      baseVersion: null,
    });
    expect(store.listOutbox()).toEqual([]);
    // Replayed results (a retried response) change nothing.
    expect(must(store.applyOpResults([applied(opId, 'school', school.id, 2)]))).toMatchObject({
      acked: 0,
      unknownResults: 1,
    });
  });

  it('applied with later edits queued: those are rebased on the new version, and the row stays pending', () => {
    const { store } = seeded();
    const first = must(store.updateRecord('school', school.id, { name: 'One' })).opId ?? '';
    store.markInFlight([first]);
    const second = must(store.updateRecord('school', school.id, { name: 'Two' })).opId ?? '';
    must(store.applyOpResults([applied(first, 'school', school.id, 2, 'duplicate')]));
    expect(store.getRecord('school', school.id)).toMatchObject({
      fields: { name: 'Two' },
      version: 2,
      baseVersion: 2,
      localState: 'pending',
    });
    expect(store.readyOps(10)).toEqual([
      expect.objectContaining({ opId: second, baseVersion: 2, changes: { name: 'Two' } }),
    ]);
    // A server record at the acked version is no change at all.
    must(store.applyServerPage({ changes: [{ collection: 'schools', items: [wire({ ...school, name: 'One' }, 2)] }] }));
    expect(store.listConflicts()).toEqual([]);
  });

  it('a created record becomes the server record it was acked as', () => {
    const { store } = seeded();
    const { s } = createFamily(store);
    store.markInFlight([s]);
    must(store.applyOpResults([applied(s, 'school', SCHOOL, 1)]));
    must(store.updateRecord('school', SCHOOL, { name: 'Renamed' }));
    expect(store.readyOps(1)[0]).toMatchObject({ baseVersion: 1, changes: { name: 'Renamed' } });
  });

  it('conflict: merges the server record and re-queues the rebased op under its opId, which the server released', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' })).opId ?? '';
    store.markInFlight([opId]);
    const stats = must(
      store.applyOpResults([
        {
          opId,
          status: 'conflict',
          entity: 'schoolVisit',
          id: visit.id,
          baseVersion: 1,
          server: wire({ ...visit, status: 'cancelled' }, 3),
        },
      ]),
    );
    expect(stats).toMatchObject({ merged: 1, conflicts: 1 });
    const [op] = store.readyOps(10);
    expect(op).toMatchObject({ opId, baseVersion: 3, changes: { notes: 'mine' }, state: 'pending' });
    expect(store.getRecord('schoolVisit', visit.id)?.fields).toMatchObject({ notes: 'mine', status: 'cancelled' });
  });

  it('conflict with a server version this store already merged still rebases the op', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' })).opId ?? '';
    store.markInFlight([opId]);
    const server = wire({ ...visit, status: 'cancelled' }, 2);
    must(
      store.applyOpResults([{ opId, status: 'conflict', entity: 'schoolVisit', id: visit.id, baseVersion: 1, server }]),
    );
    expect(store.readyOps(1)[0]).toMatchObject({ opId, baseVersion: 2 });
    store.markInFlight([opId]);
    must(
      store.applyOpResults([{ opId, status: 'conflict', entity: 'schoolVisit', id: visit.id, baseVersion: 2, server }]),
    );
    expect(store.readyOps(1)[0]).toMatchObject({ opId, baseVersion: 2, state: 'pending' });
    expect(store.listConflicts()).toHaveLength(1);
  });
});

describe('discard and retry', () => {
  it('discarding an edit returns the row to the server state and says what was lost', () => {
    const { store } = seeded();
    must(store.updateRecord('school', school.id, { name: 'Mine', phone: '1' }));
    const opId = store.listOutbox()[0]?.opId ?? '';
    const { lost } = must(store.discardOp(opId));
    expect(lost).toEqual([
      expect.objectContaining({
        entity: 'school',
        id: school.id,
        change: 'changed',
        values: { name: 'Mine', phone: '1' },
        opIds: [opId],
      }),
    ]);
    expect(store.getRecord('school', school.id)).toMatchObject({
      fields: { name: school.name, phone: school.phone },
      localState: 'synced',
    });
    expect(store.listOutbox()).toEqual([]);
  });

  it('discarding a delete brings the record back', () => {
    const { store } = seeded();
    const answer = first(seed, 'sectionAnswer');
    const opId = must(store.deleteRecord('sectionAnswer', answer.id)).opId ?? '';
    expect(must(store.discardOp(opId)).lost[0]).toMatchObject({ change: 'deleted' });
    expect(store.getRecord('sectionAnswer', answer.id)).toMatchObject({ deleted: false, localState: 'synced' });
  });

  it('discarding a create that never reached the server removes the record and its children with their ops', () => {
    const { store } = seeded();
    const before = tableCounts(store);
    const { s } = createFamily(store);
    const { lost } = must(store.discardOp(s));
    expect(lost.map((l) => [l.entity, l.change])).toEqual([
      ['school', 'created'],
      ['teacher', 'created'],
      ['schoolVisit', 'created'],
    ]);
    expect(tableCounts(store)).toEqual(before);
  });

  it('refuses to discard or retry an op that is on the wire', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'X' })).opId ?? '';
    store.markInFlight([opId]);
    expect(store.discardOp(opId)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(store.retryOp(opId)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(store.discardOp('00000000-0000-4000-8000-000000000bad')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
