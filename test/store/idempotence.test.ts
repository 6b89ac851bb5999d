import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LocalStore, rawConnection } from '../../src/main/store/local-store.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { WireRecord } from '../../src/shared/protocol/records.js';
import { applyDeployment, must, openTestStore, type Seed, tinyDeployment } from './support/store-fixture.js';
import { storeSnapshot } from './support/store-snapshot.js';

const seed = tinyDeployment();
const records = (entity: string) => seed.get(entity) ?? [];

/** One server write: a field change, a tombstone, or a new teacher. */
type Write =
  | { kind: 'edit'; entity: 'school' | 'schoolVisit'; index: number; field: string; value: unknown }
  | { kind: 'delete'; entity: 'teacherVisit' | 'sectionAnswer'; index: number }
  | { kind: 'create'; school: number; n: number };

const EDITS = {
  school: [
    ['name', fc.constantFrom('North Primary', 'South Primary')],
    ['enrolment', fc.integer({ min: 0, max: 900 })],
    ['active', fc.boolean()],
  ],
  schoolVisit: [
    ['notes', fc.constantFrom('server note', 'checked books', null)],
    ['status', fc.constantFrom('completed', 'cancelled')],
    ['reviewStatus', fc.constantFrom('approved', 'flagged')],
  ],
} as const;

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  ...(['school', 'schoolVisit'] as const).flatMap((entity) =>
    EDITS[entity].map(([field, value]) =>
      fc.record({
        kind: fc.constant('edit' as const),
        entity: fc.constant(entity),
        index: fc.nat({ max: records(entity).length - 1 }),
        field: fc.constant(field as string),
        value: value as fc.Arbitrary<unknown>,
      }),
    ),
  ),
  fc.record({
    kind: fc.constant('delete' as const),
    entity: fc.constantFrom('teacherVisit' as const, 'sectionAnswer' as const),
    index: fc.nat({ max: 20 }),
  }),
  fc.record({ kind: fc.constant('create' as const), school: fc.nat({ max: 3 }), n: fc.nat({ max: 5 }) }),
);

/** Turns a server history into pages of the change feed: per chunk, each record's latest version. */
function pagesOf(history: readonly Write[], chunk: number) {
  const current = new Map<string, { entity: string; record: WireRecord }>();
  const pages: { changes: { collection: string; items: WireRecord[] }[]; cursors: Record<string, string> }[] = [];
  let touched = new Map<string, { entity: string; record: WireRecord }>();
  history.forEach((w, i) => {
    const at = new Date(Date.UTC(2025, 0, 16, 0, 0, i)).toISOString();
    const { entity, base } = target(w);
    const key = `${entity}/${base.id}`;
    const prev = current.get(key)?.record ?? { ...base, version: 1, updatedAt: at, deleted: false };
    if (prev.deleted) return;
    const next: WireRecord =
      w.kind === 'delete'
        ? { id: base.id, version: prev.version + 1, updatedAt: at, deleted: true }
        : w.kind === 'create'
          ? { ...base, version: prev.version + (current.has(key) ? 1 : 0), updatedAt: at, deleted: false }
          : { ...prev, [w.field]: w.value, version: prev.version + 1, updatedAt: at };
    current.set(key, { entity, record: next });
    touched.set(key, { entity, record: next });
    if (touched.size >= chunk || i === history.length - 1) {
      const byEntity = new Map<string, WireRecord[]>();
      for (const t of touched.values()) byEntity.set(t.entity, [...(byEntity.get(t.entity) ?? []), t.record]);
      pages.push({
        changes: [...byEntity].map(([e, items]) => ({ collection: entityGraph.byName.get(e)?.collection ?? e, items })),
        cursors: { schools: `cursor-${pages.length}` },
      });
      touched = new Map();
    }
  });
  return pages;
}

function target(w: Write): { entity: string; base: { id: string } & Record<string, unknown> } {
  if (w.kind === 'create') {
    const school = records('school')[w.school] ?? records('school')[0];
    const id = `00000000-0000-4000-8000-0000000${String(w.school).padStart(2, '0')}${String(w.n).padStart(3, '0')}`;
    return {
      entity: 'teacher',
      base: { ...records('teacher')[0], id, schoolId: school?.id, firstName: `New ${w.n}` } as { id: string },
    };
  }
  const list = records(w.entity);
  return { entity: w.entity, base: list[w.index % list.length] as { id: string } & Record<string, unknown> };
}

/** The same local edits on both replicas, so merges, held and last-write-wins conflicts happen. */
function localEdits(store: LocalStore, data: Seed) {
  const visits = data.get('schoolVisit') ?? [];
  must(store.updateRecord('schoolVisit', visits[0]?.id ?? '', { notes: 'officer note', reviewStatus: 'approved' }));
  must(store.updateRecord('schoolVisit', visits[1]?.id ?? '', { status: 'cancelled' }));
  must(store.updateRecord('school', data.get('school')?.[1]?.id ?? '', { phone: '+254 700 000 000' }));
}

describe('idempotence of server pages', () => {
  it('any repetition and re-ordering of already-applied pages gives the state of applying each once', () => {
    let runsWithMerges = 0;
    fc.assert(
      fc.property(
        fc.array(writeArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.array(fc.nat(), { maxLength: 4 }), { maxLength: 12 }),
        (history, chunk, replays) => {
          const pages = pagesOf(history, chunk);
          const once = openTestStore().store;
          const again = openTestStore().store;
          for (const store of [once, again]) {
            applyDeployment(store, seed);
            localEdits(store, seed);
          }
          let merged = 0;
          for (const page of pages) merged += must(once.applyServerPage(page)).merged;
          if (merged > 0) runsWithMerges++;
          pages.forEach((page, i) => {
            must(again.applyServerPage(page));
            // Replay pages already applied (this one included), in any order, any number of times.
            for (const pick of replays[i] ?? []) must(again.applyServerPage(pages[pick % (i + 1)] ?? page));
          });
          expect(storeSnapshot(again)).toEqual(storeSnapshot(once));
          once.close();
          again.close();
        },
      ),
      { numRuns: 60 },
    );
    // The property is only worth something if pending rows were really merged along the way.
    expect(runsWithMerges).toBeGreaterThan(10);
  });

  it('the same page 100 times writes nothing after the first', () => {
    const { store } = openTestStore();
    applyDeployment(store, seed);
    const page = {
      changes: [
        {
          collection: 'schools',
          items: records('school').map((r) => ({
            ...r,
            version: 2,
            updatedAt: '2025-02-01T00:00:00Z',
            deleted: false,
          })),
        },
      ],
    };
    must(store.applyServerPage(page));
    const after = storeSnapshot(store);
    const changes = () => rawConnection(store).sqlite.prepare('SELECT total_changes()').pluck().get() as number;
    const before = changes();
    for (let i = 0; i < 100; i++)
      expect(must(store.applyServerPage(page))).toMatchObject({ applied: 0, skipped: records('school').length });
    expect(changes()).toBe(before);
    expect(storeSnapshot(store)).toEqual(after);
  });
});
