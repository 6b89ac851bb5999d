import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { defineEntity } from '../../src/shared/entity/define-entity.js';
import { f } from '../../src/shared/entity/field.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { WireRecord } from '../../src/shared/protocol/records.js';
import { openStoreWithEntities } from './support/extra-entities.js';
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
/** A page of one collection's records. */
const onePage = (collection: string, items: WireRecord[]) => ({ changes: [{ collection, items }] });

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
    // Tombstones of ids this empty store never had: the name counts the records of every collection.
    must(
      slow.applyServerPage({
        changes: [
          { collection: 'schools', items: [tombstone(school.id, 2), tombstone(visit.id, 2)] },
          { collection: 'teachers', items: [tombstone(first(seed, 'teacher').id, 2)] },
        ],
      }),
    );
    expect(warnings.map((w) => w.message)).toEqual([
      'slow store operation: applyServerPage(0 records)',
      'slow store operation: listOutbox',
      'slow store operation: applyServerPage(3 records)',
    ]);
    expect(warnings[0]?.meta).toHaveProperty('ms');
    const fast = openTestStore({ logger, slowMs: 60_000 }).store;
    must(fast.applyServerPage({ changes: [] }));
    expect(warnings).toHaveLength(3);
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

describe('what else a page carries', () => {
  const [answerA, answerB] = seed.get('sectionAnswer') ?? [];

  it('lets go of the records the user may no longer see (removals)', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const stats = must(
      store.applyServerPage({ changes: [], removals: [{ collection: 'section-answers', ids: [answerA?.id ?? ''] }] }),
    );
    expect(stats.removed).toBe(1);
    expect(store.getRecord('sectionAnswer', answerA?.id ?? '')).toBeUndefined();
    expect(store.getRecord('sectionAnswer', answerB?.id ?? '')).toBeDefined();
  });

  it("during a re-download from scratch takes the server's version even when older, and keeps what the page brought", () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    must(store.applyServerPage(onePage('schools', [wire({ ...school, name: 'Renamed' }, 3)])));
    must(store.beginResync());
    // The server was restored from a backup taken before the rename.
    must(store.applyServerPage(onePage('schools', [wire(school, 1)])));
    expect(store.getRecord('school', school.id)).toMatchObject({ fields: { name: school.name }, version: 1 });
    must(store.applyServerPage(onePage('section-answers', [wire(answerA ?? school, 1)])));
    // Completing it removes what the server did not send (answer B), never what it did (answer A).
    must(store.finishResync());
    expect(store.getRecord('sectionAnswer', answerA?.id ?? '')).toMatchObject({ version: 1 });
    expect(store.getRecord('sectionAnswer', answerB?.id ?? '')).toBeUndefined();
  });

  it('during a re-download, an older server version under a queued edit is taken too, the edit rebased on it', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    must(store.applyServerPage(onePage('schools', [wire({ ...school, name: 'Renamed' }, 3)])));
    const opId = must(store.updateRecord('school', school.id, { phone: '+254 700 111222' })).opId ?? '';
    must(store.beginResync());
    must(store.applyServerPage(onePage('schools', [wire(school, 1)])));
    expect(store.getRecord('school', school.id)).toMatchObject({
      fields: { name: school.name, phone: '+254 700 111222' },
      version: 1,
      baseVersion: 1,
      localState: 'pending',
    });
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, baseVersion: 1 })]);
  });

  it('remembers nothing for a re-download outside one (the ids pulled would pile up forever)', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const seen = () => rawConnection(store).sqlite.prepare('SELECT count(*) AS n FROM resync_seen').get();
    expect(seen()).toEqual({ n: 0 });
  });
});

describe('an optional reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldsync-optional-ref-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A note that may be about a teacher, or about none. */
  const schoolNote = defineEntity({
    name: 'schoolNote',
    label: 'School note',
    fields: { schoolId: f.ref('school'), teacherId: f.ref('teacher').optional(), text: f.text({ max: 200 }) },
  });

  it('is applied without one, and refused when it names a missing record', async () => {
    const { store } = await openStoreWithEntities(dir, [schoolNote], 'add_school_note');
    applyDeployment(store, seed);
    const note = (n: number, teacherId: string | null) => ({
      id: `00000000-0000-4000-8000-00000000f00${n}`,
      schoolId: school.id,
      teacherId,
      text: `note ${n}`,
    });
    const stats = must(store.applyServerPage(onePage('school-notes', [wire(note(1, null)), wire(note(2, null))])));
    expect(stats.applied).toBe(2);
    expect(store.getRecord('schoolNote', note(1, null).id)).toMatchObject({ fields: { teacherId: null } });
    const missing = '00000000-0000-4000-8000-0000000000ee';
    expect(store.applyServerPage(onePage('school-notes', [wire(note(3, missing))]))).toMatchObject({
      ok: false,
      error: { code: 'MISSING_PARENT', field: 'teacherId' },
    });
    store.close();
  });
});
