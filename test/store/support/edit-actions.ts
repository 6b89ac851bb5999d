import fc from 'fast-check';
import type { LocalStore } from '../../../src/main/store/local-store.js';
import type { OpResult } from '../../../src/shared/protocol/sync.js';
import { first, T0, tinyDeployment } from './store-fixture.js';

/**
 * Random work on a store seeded with the tiny deployment: the officer's edits, the sync engine's
 * calls and the server's answers and pages. Shared by the edit/outbox property and the kill -9 child.
 * Only schoolVisit, sectionAnswer and teacher records are touched (other entities stay free for
 * sentinels).
 */
const EDITED = new Set(['schoolVisit', 'sectionAnswer', 'teacher']);

export const seed = tinyDeployment();
const ids = (entity: string) => (seed.get(entity) ?? []).map((r) => r.id);
const schools = ids('school');
const answers = ids('sectionAnswer').slice(0, 6);
const visits = ids('schoolVisit').slice(0, 4);
const newTeacherId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Everything that touches rows or the outbox: the officer's edits, the sync engine's calls, the server's pages. */
export type Action =
  | { do: 'update-visit'; i: number; notes: string; review: 'approved' | 'flagged' }
  | { do: 'update-answer'; i: number; correct: number }
  | { do: 'create-teacher'; n: number; school: number }
  | { do: 'delete'; entity: 'sectionAnswer' | 'teacher'; i: number }
  | { do: 'send'; limit: number }
  | { do: 'answer'; status: 'applied' | 'conflict' | 'rejected' | 'fail'; pick: number }
  | { do: 'retry' | 'discard'; pick: number }
  | { do: 'remote'; entity: 'schoolVisit' | 'sectionAnswer'; i: number; deleted: boolean };

export const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    do: fc.constant('update-visit' as const),
    i: fc.nat({ max: 3 }),
    notes: fc.string({ maxLength: 5 }),
    review: fc.constantFrom('approved' as const, 'flagged' as const),
  }),
  fc.record({ do: fc.constant('update-answer' as const), i: fc.nat({ max: 5 }), correct: fc.nat({ max: 30 }) }),
  fc.record({ do: fc.constant('create-teacher' as const), n: fc.nat({ max: 5 }), school: fc.nat({ max: 3 }) }),
  fc.record({
    do: fc.constant('delete' as const),
    entity: fc.constantFrom('sectionAnswer' as const, 'teacher' as const),
    i: fc.nat({ max: 5 }),
  }),
  fc.record({ do: fc.constant('send' as const), limit: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    do: fc.constant('answer' as const),
    status: fc.constantFrom('applied' as const, 'conflict' as const, 'rejected' as const, 'fail' as const),
    pick: fc.nat(),
  }),
  fc.record({ do: fc.constantFrom('retry' as const, 'discard' as const), pick: fc.nat() }),
  fc.record({
    do: fc.constant('remote' as const),
    entity: fc.constantFrom('schoolVisit' as const, 'sectionAnswer' as const),
    i: fc.nat({ max: 3 }),
    deleted: fc.boolean(),
  }),
);

export function perform(store: LocalStore, a: Action, serverVersions: Map<string, number>): void {
  const nextVersion = (id: string, current: number | null) => {
    const v = Math.max(serverVersions.get(id) ?? 1, current ?? 0) + 1;
    serverVersions.set(id, v);
    return v;
  };
  switch (a.do) {
    case 'update-visit':
      // A flag says why (the visit's record rule), or the store refuses the edit.
      store.updateRecord('schoolVisit', visits[a.i] ?? '', {
        notes: a.notes,
        reviewStatus: a.review,
        reviewComment: a.review === 'flagged' ? `why ${a.notes}` : null,
      });
      return;
    case 'update-answer':
      store.updateRecord('sectionAnswer', answers[a.i] ?? '', { correct: a.correct });
      return;
    case 'create-teacher':
      store.createRecord(
        'teacher',
        { schoolId: schools[a.school], firstName: 'T', lastName: `L${a.n}`, gender: 'male', active: true },
        newTeacherId(a.n),
      );
      return;
    case 'delete':
      store.deleteRecord(a.entity, a.entity === 'teacher' ? newTeacherId(a.i) : (answers[a.i] ?? ''));
      return;
    case 'send':
      store.markInFlight(store.readyOps(a.limit).map((op) => op.opId));
      return;
    case 'answer': {
      const inFlight = store.listOutbox({ states: ['in_flight'] }).filter((op) => EDITED.has(op.entity));
      const op = inFlight[a.pick % Math.max(inFlight.length, 1)];
      if (!op) return;
      if (a.status === 'fail') {
        store.failOps([op.opId], { code: 'NETWORK', message: 'cut' });
        return;
      }
      const row = store.getRecord(op.entity, op.recordId);
      const version = nextVersion(op.recordId, row?.version ?? null);
      const result: OpResult =
        a.status === 'applied'
          ? { opId: op.opId, status: 'applied', entity: op.entity, id: op.recordId, version, updatedAt: T0 }
          : a.status === 'rejected'
            ? {
                opId: op.opId,
                status: 'rejected',
                entity: op.entity,
                id: op.recordId,
                error: { code: 'FORBIDDEN', message: 'no' },
              }
            : {
                opId: op.opId,
                status: 'conflict',
                entity: op.entity,
                id: op.recordId,
                baseVersion: row?.baseVersion ?? null,
                server:
                  row && !row.deleted && row.version !== null
                    ? { ...row.fields, id: op.recordId, version, updatedAt: T0, deleted: false }
                    : { id: op.recordId, version, updatedAt: T0, deleted: true },
              };
      const applied = store.applyOpResults([result]);
      if (!applied.ok) throw new Error(JSON.stringify(applied.error));
      return;
    }
    case 'retry':
    case 'discard': {
      const all = store.listOutbox().filter((op) => EDITED.has(op.entity));
      const op = all[a.pick % Math.max(all.length, 1)];
      if (op) a.do === 'retry' ? store.retryOp(op.opId) : store.discardOp(op.opId);
      return;
    }
    case 'remote': {
      const id = (a.entity === 'schoolVisit' ? visits : answers)[a.i] ?? '';
      const row = store.getRecord(a.entity, id);
      if (!row || row.version === null) return;
      const version = nextVersion(id, row.version);
      const base = first(seed, a.entity);
      const original = (seed.get(a.entity) ?? []).find((r) => r.id === id) ?? base;
      const item = a.deleted
        ? { id, version, updatedAt: T0, deleted: true }
        : {
            ...original,
            ...(a.entity === 'schoolVisit'
              ? { notes: 'server', reviewStatus: 'flagged', reviewComment: 'server' }
              : { correct: 7 }),
            id,
            version,
            updatedAt: T0,
            deleted: false,
          };
      const collection = a.entity === 'schoolVisit' ? 'school-visits' : 'section-answers';
      const applied = store.applyServerPage({ changes: [{ collection, items: [item] }] });
      if (!applied.ok) throw new Error(JSON.stringify(applied.error));
    }
  }
}
