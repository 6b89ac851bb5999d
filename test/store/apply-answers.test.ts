import { describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import type { OpResult } from '../../src/shared/protocol/sync.js';
import { applyDeployment, first, must, openTestStore, T0, tinyDeployment, wire } from './support/store-fixture.js';

/**
 * The server's answers to pushed ops, at their edges: an answer the store cannot read, an answer for a
 * record that is gone, a conflict for an op never marked as sent, and how a page's results and records
 * come together. (Found by the mutation run: each kills mutants the broader suites let live.)
 */
const seed = tinyDeployment();
const school = first(seed, 'school');
const visit = first(seed, 'schoolVisit');

function seeded() {
  const opened = openTestStore();
  applyDeployment(opened.store, seed);
  return opened;
}

const T1 = '2025-02-01T00:00:00.000Z';

const schoolUpdatedAt = (store: ReturnType<typeof seeded>['store']) =>
  rawConnection(store).sqlite.prepare('select _updated_at from schools where id = ?').pluck().get(school.id);

describe('answers to pushed ops', () => {
  it('refuses an answer with an unknown status, and applies nothing of its batch', () => {
    const { store } = seeded();
    const a = must(store.updateRecord('school', school.id, { name: 'A' })).opId ?? '';
    const b = must(store.updateRecord('schoolVisit', visit.id, { notes: 'B' })).opId ?? '';
    store.markInFlight([a, b]);
    const result = store.applyOpResults([
      { opId: a, status: 'applied', entity: 'school', id: school.id, version: 2, updatedAt: T1 },
      { opId: b, status: 'postponed', entity: 'schoolVisit', id: visit.id } as unknown as OpResult,
    ]);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'SERVER',
        message: 'The server answered an operation with an unknown status',
      }),
    });
    expect(store.listOutbox().map((op) => op.opId)).toEqual([a, b]);
  });

  it('an acknowledgement moves the version and time forward, never back', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Acked' })).opId ?? '';
    store.markInFlight([opId]);
    must(
      store.applyOpResults([{ opId, status: 'applied', entity: 'school', id: school.id, version: 3, updatedAt: T1 }]),
    );
    expect(store.getRecord('school', school.id)).toMatchObject({
      version: 3,
      localState: 'synced',
      fields: { name: 'Acked' },
    });
    expect(schoolUpdatedAt(store)).toBe(T1);

    // A late duplicate answer of an older version (a replayed op) leaves version and time alone.
    const again = must(store.updateRecord('school', school.id, { name: 'Again' })).opId ?? '';
    store.markInFlight([again]);
    must(
      store.applyOpResults([
        { opId: again, status: 'duplicate', entity: 'school', id: school.id, version: 2, updatedAt: T0 },
      ]),
    );
    expect(store.getRecord('school', school.id)).toMatchObject({
      version: 3,
      localState: 'synced',
      fields: { name: 'Again' },
    });
    expect(schoolUpdatedAt(store)).toBe(T1);
  });

  it('an acknowledgement for a record no longer stored just removes the op', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Gone' })).opId ?? '';
    store.markInFlight([opId]);
    const { sqlite } = rawConnection(store);
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare('delete from schools where id = ?').run(school.id);
    sqlite.pragma('foreign_keys = ON');
    expect(
      must(
        store.applyOpResults([{ opId, status: 'applied', entity: 'school', id: school.id, version: 2, updatedAt: T1 }]),
      ),
    ).toMatchObject({ acked: 1 });
    expect(store.listOutbox()).toEqual([]);
    expect(store.getRecord('school', school.id)).toBeUndefined();
  });

  it('a conflict re-queues the merged edit under the same opId (its idempotency key), pending, on the server version', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' })).opId ?? '';
    const stats = must(
      store.applyOpResults([
        {
          opId,
          status: 'conflict',
          entity: 'schoolVisit',
          id: visit.id,
          baseVersion: 1,
          server: wire({ ...visit, status: 'cancelled' }, 2, T1),
        },
      ]),
    );
    expect(stats).toMatchObject({ merged: 1, acked: 0, rejected: 0 });
    const [op] = store.readyOps(10);
    expect(op).toMatchObject({ opId, baseVersion: 2, changes: { notes: 'mine' }, state: 'pending' });
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      fields: { notes: 'mine', status: 'cancelled' },
      baseVersion: 2,
      localState: 'pending',
    });
  });

  it('refuses a conflict whose server record is invalid, and changes nothing', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('schoolVisit', visit.id, { notes: 'mine' })).opId ?? '';
    store.markInFlight([opId]);
    const result = store.applyOpResults([
      {
        opId,
        status: 'conflict',
        entity: 'schoolVisit',
        id: visit.id,
        baseVersion: 1,
        server: wire({ ...visit, status: 'on the moon' }, 2, T1),
      },
    ]);
    expect(result.ok).toBe(false);
    expect(store.listOutbox()).toEqual([expect.objectContaining({ opId, state: 'in_flight' })]);
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({ version: 1, fields: { notes: 'mine' } });
  });

  it('a page applies its push results before its records, and counts each', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Pushed' })).opId ?? '';
    store.markInFlight([opId]);
    const stats = must(
      store.applyServerPage({
        results: [{ opId, status: 'applied', entity: 'school', id: school.id, version: 2, updatedAt: T1 }],
        // The same record comes back in the page at the acked version: already there, skipped.
        changes: [{ collection: 'schools', items: [wire({ ...school, name: 'Pushed' }, 2, T1)] }],
      }),
    );
    expect(stats).toEqual({
      applied: 0,
      deleted: 0,
      skipped: 1,
      merged: 0,
      conflicts: 0,
      acked: 1,
      rejected: 0,
      unknownResults: 0,
      removed: 0,
      outOfScope: 0,
    });
    expect(store.getRecord('school', school.id)).toMatchObject({ version: 2, localState: 'synced' });
  });

  it('a duplicate answer at the version the row already has leaves its time alone', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Acked' })).opId ?? '';
    store.markInFlight([opId]);
    must(
      store.applyOpResults([{ opId, status: 'applied', entity: 'school', id: school.id, version: 2, updatedAt: T1 }]),
    );
    const again = must(store.updateRecord('school', school.id, { name: 'Again' })).opId ?? '';
    store.markInFlight([again]);
    // Same version, another time (a replay answered from the server's record of the first apply).
    must(
      store.applyOpResults([
        { opId: again, status: 'duplicate', entity: 'school', id: school.id, version: 2, updatedAt: T0 },
      ]),
    );
    expect(store.getRecord('school', school.id)).toMatchObject({ version: 2, localState: 'synced' });
    expect(schoolUpdatedAt(store)).toBe(T1);
  });

  it('a rejection waits for the officer with the reason, no retry time, and is counted', () => {
    const { store } = seeded();
    const opId = must(store.updateRecord('school', school.id, { name: 'Refused' })).opId ?? '';
    // An earlier network failure left a retry time; the rejection must clear it (no automatic retry).
    store.markInFlight([opId]);
    store.failOps([opId], { code: 'NETWORK', message: 'offline' });
    expect(store.listOutbox()[0]?.nextAttemptAt).not.toBeNull();
    store.markInFlight([opId]);
    const error = { code: 'FORBIDDEN' as const, message: 'Not your district' };
    const stats = must(store.applyOpResults([{ opId, status: 'rejected', entity: 'school', id: school.id, error }]));
    expect(stats).toMatchObject({ rejected: 1, acked: 0, merged: 0, unknownResults: 0 });
    expect(store.listOutbox()).toEqual([
      expect.objectContaining({ opId, state: 'needs_attention', lastError: error, nextAttemptAt: null }),
    ]);
    expect(store.getRecord('school', school.id)).toMatchObject({ localState: 'pending', fields: { name: 'Refused' } });
  });
});
