import { describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import {
  applyDeployment,
  first,
  must,
  openTestStore,
  T0,
  tableCounts,
  tinyDeployment,
  tombstone,
  wire,
} from './support/store-fixture.js';

const seed = tinyDeployment();
const school = first(seed, 'school');
const visit = first(seed, 'schoolVisit');

describe('applyServerPage', () => {
  it('inserts a deployment parents first, whatever order the page lists collections in', () => {
    const { store } = openTestStore();
    const changes = [...seed].reverse().map(([entity, records]) => ({
      collection: entityGraph.byName.get(entity)?.collection ?? entity,
      items: records.map((r) => wire(r)),
    }));
    const stats = must(store.applyServerPage({ changes }));
    const total = [...seed.values()].reduce((n, r) => n + r.length, 0);
    expect(stats).toMatchObject({ applied: total, skipped: 0 });
    expect(store.getRecord('school', school.id)).toMatchObject({
      fields: { name: school.name, active: school.active },
      version: 1,
      localState: 'synced',
      deleted: false,
    });
  });

  it('skips same and older versions and applies newer ones', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const page = (version: number, name: string) => ({
      changes: [{ collection: 'schools', items: [wire({ ...school, name }, version)] }],
    });
    expect(must(store.applyServerPage(page(1, 'Same version, other text')))).toMatchObject({ applied: 0, skipped: 1 });
    expect(must(store.applyServerPage(page(3, 'Renamed')))).toMatchObject({ applied: 1 });
    expect(must(store.applyServerPage(page(2, 'Older')))).toMatchObject({ applied: 0, skipped: 1 });
    expect(store.getRecord('school', school.id)).toMatchObject({ fields: { name: 'Renamed' }, version: 3 });
  });

  it('applies tombstones to known records and skips those of unknown ids', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const unknown = '00000000-0000-4000-8000-00000000dead';
    const stats = must(
      store.applyServerPage({
        changes: [{ collection: 'school-visits', items: [tombstone(visit.id, 2), tombstone(unknown, 5)] }],
      }),
    );
    expect(stats).toMatchObject({ deleted: 1, skipped: 1 });
    expect(store.getRecord('schoolVisit', visit.id)).toMatchObject({
      deleted: true,
      version: 2,
      fields: { status: visit.status },
    });
    expect(store.getRecord('schoolVisit', unknown)).toBeUndefined();
    // An older live version never revives it.
    must(store.applyServerPage({ changes: [{ collection: 'school-visits', items: [wire(visit, 1)] }] }));
    expect(store.getRecord('schoolVisit', visit.id)?.deleted).toBe(true);
  });

  it('stores the cursors in the same transaction and the sync time when given', () => {
    const { store } = openTestStore();
    expect(store.getCursors().schools).toBeNull();
    must(store.applyServerPage({ changes: [], cursors: { schools: 'c1', organisations: 'o1' } }));
    expect(store.getCursors()).toMatchObject({ schools: 'c1', organisations: 'o1', teachers: null });
    expect(store.lastSyncedAt().school).toBeNull();
    must(store.applyServerPage({ changes: [], cursors: { schools: 'c2' }, syncedAt: T0 }));
    expect(store.getCursors().schools).toBe('c2');
    expect(store.lastSyncedAt()).toMatchObject({ school: T0, organisation: null });
  });

  it('checks parents itself during a page and leaves SQLite enforcing foreign keys afterwards, even after a refusal', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const preparedBefore = rawConnection(store).sqlite.prepare('UPDATE teachers SET school_id = ? WHERE id = ?');
    const orphan = wire({
      ...first(seed, 'teacher'),
      id: '00000000-0000-4000-8000-0000000000cc',
      schoolId: '00000000-0000-4000-8000-0000000000dd',
    });
    expect(store.applyServerPage({ changes: [{ collection: 'teachers', items: [orphan] }] })).toMatchObject({
      ok: false,
    });
    expect(rawConnection(store).sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(rawConnection(store).sqlite.pragma('foreign_key_check')).toEqual([]);
    // Statements prepared before the page enforce them again too.
    expect(() => preparedBefore.run(orphan.schoolId, first(seed, 'teacher').id)).toThrow(/FOREIGN KEY/);
  });

  it('logs pages and operations slower than the threshold through the injected logger', () => {
    const warnings: { message: string; meta?: Record<string, unknown> }[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (message: string, meta?: Record<string, unknown>) => warnings.push({ message, meta }),
    };
    const slow = openTestStore({ logger, slowMs: -1 }).store;
    must(slow.applyServerPage({ changes: [{ collection: 'schools', items: [] }] }));
    slow.listOutbox();
    expect(warnings.map((w) => w.message)).toEqual([
      'slow store operation: applyServerPage(0 records)',
      'slow store operation: listOutbox',
    ]);
    expect(warnings[0]?.meta).toHaveProperty('ms');
    const fast = openTestStore({ logger, slowMs: 60_000 }).store;
    must(fast.applyServerPage({ changes: [] }));
    expect(warnings).toHaveLength(2);
  });

  it('keeps one client id for the life of the store file', () => {
    const { store } = openTestStore();
    expect(store.clientId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.clientId()).toBe(store.clientId());
  });
});

describe('bad input: nothing of the page is applied', () => {
  const good =
    seed
      .get('school')
      ?.slice(0, 3)
      .map((r) => wire({ ...r, name: `${r.name} (v2)` }, 2)) ?? [];

  function expectRefused(page: Parameters<ReturnType<typeof openTestStore>['store']['applyServerPage']>[0]) {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const before = tableCounts(store);
    const cursorsBefore = store.getCursors();
    const result = store.applyServerPage(page);
    expect(tableCounts(store)).toEqual(before);
    expect(store.getCursors()).toEqual(cursorsBefore);
    for (const r of good) expect(store.getRecord('school', r.id)?.version).toBe(1);
    if (result.ok) throw new Error('expected the page to be refused');
    // Nothing of the refused page lingers into the next one.
    must(store.applyServerPage({ changes: [{ collection: 'schools', items: [wire(school)] }] }));
    for (const r of good) expect(store.getRecord('school', r.id)?.version).toBe(1);
    return result.error;
  }

  it('refuses a record failing validation, naming record and field', () => {
    const bad = wire({ ...school, enrolment: -5 }, 2);
    const error = expectRefused({
      changes: [{ collection: 'schools', items: [...good, bad] }],
      cursors: { schools: 'x' },
    });
    expect(error).toMatchObject({ code: 'VALIDATION', entity: 'school', id: school.id, field: 'enrolment' });
  });

  it('refuses broken sync metadata, naming the field', () => {
    const bad = { ...wire(school, 2), version: 0 };
    const error = expectRefused({ changes: [{ collection: 'schools', items: [...good, bad] }] });
    expect(error).toMatchObject({ code: 'VALIDATION', id: school.id, field: 'version' });
  });

  it('refuses a reference to a missing parent, naming record and field', () => {
    const orphan = wire({
      ...first(seed, 'teacher'),
      id: '00000000-0000-4000-8000-0000000000aa',
      schoolId: '00000000-0000-4000-8000-0000000000bb',
    });
    const error = expectRefused({
      changes: [
        { collection: 'schools', items: good },
        { collection: 'teachers', items: [orphan] },
      ],
    });
    expect(error).toMatchObject({ code: 'MISSING_PARENT', entity: 'teacher', id: orphan.id, field: 'schoolId' });
    expect(error.message).toContain('00000000-0000-4000-8000-0000000000bb');
  });

  it('refuses an unknown collection, in the changes or the cursors', () => {
    expect(
      expectRefused({
        changes: [
          { collection: 'schools', items: good },
          { collection: 'pupils', items: [] },
        ],
      }),
    ).toMatchObject({
      code: 'UNKNOWN_ENTITY',
    });
    expect(
      expectRefused({ changes: [{ collection: 'schools', items: good }], cursors: { pupils: 'c' } }),
    ).toMatchObject({
      code: 'UNKNOWN_ENTITY',
      message: expect.stringContaining('pupils'),
    });
  });
});
