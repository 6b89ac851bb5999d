import { describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { applyDeployment, first, must, openTestStore, tableCounts, tinyDeployment } from './support/store-fixture.js';

const seed = tinyDeployment();
const school = first(seed, 'school');
const visit = first(seed, 'schoolVisit');
const NEW_ID = '00000000-0000-4000-8000-00000000c0de';

function seeded() {
  const { store, clock } = openTestStore();
  applyDeployment(store, seed);
  return { store, clock };
}

const teacherFields = { schoolId: school.id, firstName: 'Amina', lastName: 'Otieno', gender: 'female', active: true };

describe('local edits', () => {
  it('a create writes a pending row without a server version and its create op', () => {
    const { store } = seeded();
    const { id, opId } = must(store.createRecord('teacher', teacherFields, NEW_ID));
    expect(id).toBe(NEW_ID);
    expect(store.getRecord('teacher', id)).toMatchObject({
      fields: { ...teacherFields, phone: null, employeeNumber: null, qualification: null },
      version: null,
      localState: 'pending',
      baseVersion: null,
    });
    expect(store.readyOps(10)).toEqual([
      expect.objectContaining({ opId, entity: 'teacher', id, kind: 'upsert', baseVersion: null, attempts: 0 }),
    ]);
    expect(store.listOutbox()[0]).toMatchObject({ kind: 'create', recordTitle: 'Otieno', entityLabel: 'Teacher' });
  });

  it('an update keeps the server fields as the merge base and queues only what changed', () => {
    const { store } = seeded();
    const { opId } = must(store.updateRecord('school', school.id, { name: 'Renamed', enrolment: school.enrolment }));
    expect(store.getRecord('school', school.id)).toMatchObject({
      fields: { name: 'Renamed' },
      localState: 'pending',
      baseVersion: 1,
    });
    const base = rawConnection(store)
      .sqlite.prepare('SELECT _base FROM schools WHERE id = ?')
      .pluck()
      .get(school.id) as string;
    expect(JSON.parse(base)).toMatchObject({ name: school.name, active: school.active });
    expect(store.readyOps(10)).toEqual([
      expect.objectContaining({ opId, baseVersion: 1, changes: { name: 'Renamed' } }),
    ]);
    expect(must(store.updateRecord('school', school.id, { name: 'Renamed' }))).toEqual({ opId: null });
  });

  it('coalesces consecutive edits into the unsent op, and appends once the op has been handed out', () => {
    const { store } = seeded();
    const a = must(store.updateRecord('schoolVisit', visit.id, { notes: 'one' })).opId;
    const b = must(store.updateRecord('schoolVisit', visit.id, { notes: 'two', status: 'cancelled' })).opId;
    expect(b).toBe(a);
    expect(store.listOutbox()).toHaveLength(1);
    expect(store.readyOps(10)[0]?.changes).toEqual({ notes: 'two', status: 'cancelled' });
    store.markInFlight([a ?? '']);
    const c = must(store.updateRecord('schoolVisit', visit.id, { notes: 'three' })).opId;
    expect(c).not.toBe(a);
    expect(store.listOutbox().map((o) => [...o.fields].sort())).toEqual([['notes', 'status'], ['notes']]);
    // Only the oldest op of a record is ever on the wire.
    expect(store.readyOps(10)).toEqual([]);
  });

  it('an edit back to the server value before anything was sent leaves nothing to send', () => {
    const { store } = seeded();
    must(store.updateRecord('school', school.id, { name: 'Typo', phone: '0711' }));
    expect(must(store.updateRecord('school', school.id, { name: school.name }))).toMatchObject({
      opId: expect.any(String),
    });
    expect(store.readyOps(10)[0]?.changes).toEqual({ phone: '0711' });
    expect(must(store.updateRecord('school', school.id, { phone: school.phone }))).toEqual({ opId: null });
    expect(store.getRecord('school', school.id)).toMatchObject({ localState: 'synced', baseVersion: null });
    expect(store.listOutbox()).toEqual([]);
  });

  it('a create followed by a delete before anything was sent cancels out', () => {
    const { store } = seeded();
    const before = tableCounts(store);
    must(store.createRecord('teacher', teacherFields, NEW_ID));
    must(store.updateRecord('teacher', NEW_ID, { phone: '0700' }));
    expect(must(store.deleteRecord('teacher', NEW_ID))).toEqual({ opId: null });
    expect(tableCounts(store)).toEqual(before);
  });

  it('a delete of a sent create is queued after it, and a delete of a server record becomes a pending tombstone', () => {
    const { store } = seeded();
    const { opId } = must(store.createRecord('teacher', teacherFields, NEW_ID));
    store.markInFlight([opId]);
    const del = must(store.deleteRecord('teacher', NEW_ID)).opId;
    expect(store.listOutbox().map((o) => [o.opId, o.kind])).toEqual([
      [opId, 'create'],
      [del, 'delete'],
    ]);
    const tv = first(seed, 'sectionAnswer');
    const d = must(store.deleteRecord('sectionAnswer', tv.id)).opId;
    expect(store.getRecord('sectionAnswer', tv.id)).toMatchObject({
      deleted: true,
      localState: 'pending',
      baseVersion: 1,
    });
    expect(store.readyOps(10).find((o) => o.opId === d)).toMatchObject({
      kind: 'delete',
      baseVersion: 1,
      changes: null,
    });
  });

  it('turns an unsent update into the delete that follows it', () => {
    const { store } = seeded();
    const answer = first(seed, 'sectionAnswer');
    const up = must(store.updateRecord('sectionAnswer', answer.id, { correct: 1 })).opId;
    expect(must(store.deleteRecord('sectionAnswer', answer.id)).opId).toBe(up);
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId: up, kind: 'delete', changes: null })]);
  });

  it('refuses invalid edits with an error naming record and field, and writes nothing', () => {
    const { store } = seeded();
    const before = tableCounts(store);
    expect(store.updateRecord('school', school.id, { enrolment: -1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', entity: 'school', id: school.id, field: 'enrolment' },
    });
    expect(store.createRecord('teacher', { ...teacherFields, gender: 'x' }, NEW_ID)).toMatchObject({
      ok: false,
      error: { field: 'gender', id: NEW_ID },
    });
    expect(store.createRecord('teacher', { ...teacherFields, schoolId: NEW_ID })).toMatchObject({
      ok: false,
      error: { code: 'MISSING_PARENT', field: 'schoolId' },
    });
    expect(store.createRecord('teacher', teacherFields, first(seed, 'teacher').id)).toMatchObject({
      ok: false,
      error: { field: 'id', message: expect.stringContaining('already exists') },
    });
    expect(store.updateRecord('pupil', school.id, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ENTITY' } });
    expect(store.updateRecord('school', NEW_ID, { name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(store.deleteRecord('school', school.id)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(tableCounts(store)).toEqual(before);
  });

  it('refuses children under a deleted parent, and edits of a deleted record', () => {
    const { store } = seeded();
    const { id: _id, ...schoolFields } = school;
    const { opId } = must(store.createRecord('school', { ...schoolFields, emisCode: 'NEW-1' }, NEW_ID));
    store.markInFlight([opId]);
    must(store.deleteRecord('school', NEW_ID));
    expect(store.getRecord('school', NEW_ID)).toMatchObject({ deleted: true, localState: 'pending' });
    expect(store.createRecord('teacher', { ...teacherFields, schoolId: NEW_ID })).toMatchObject({
      ok: false,
      error: { code: 'MISSING_PARENT', field: 'schoolId', message: expect.stringContaining('was deleted') },
    });
    expect(store.updateRecord('school', NEW_ID, { name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
