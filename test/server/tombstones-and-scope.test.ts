import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '../../src/shared/protocol/records.js';
import type { SyncResponse } from '../../src/shared/protocol/sync.js';
import { type DemoUser, startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { syncToEnd } from './helpers/pull.js';
import { create, remove, teacherFields, update, visitFields } from './helpers/records.js';
import { ownedSubtree, someRecord } from './helpers/subtree.js';

type Changes = Map<string, WireRecord[]>;

function collect(responses: readonly SyncResponse[]): Changes {
  const out: Changes = new Map();
  for (const r of responses)
    for (const c of r.changes) out.set(c.collection, [...(out.get(c.collection) ?? []), ...c.items]);
  return out;
}

const sorted = (values: Iterable<string>) => [...values].sort();
const idsOf = (changes: Changes) => new Map([...changes].map(([c, items]) => [c, sorted(items.map((i) => i.id))]));
const sortedTree = (tree: Map<string, string[]>) => new Map([...tree].map(([c, ids]) => [c, sorted(ids)]));
const TOMBSTONE_KEYS = ['deleted', 'id', 'updatedAt', 'version'];

describe.each(testDatabases)('tombstones, cascades and scope exits (%s)', (database) => {
  let server: TestServer;
  let districtOne: string;
  let districtTwo: string;
  const cursors: Record<DemoUser, Record<string, string>> = { demo: {}, district: {}, other: {} };

  /** Syncs a user from their last cursors; returns the changes since. */
  const changesFor = async (user: DemoUser, clientId?: string): Promise<Changes> => {
    const responses = await syncToEnd(server, user, { cursors: cursors[user], ...(clientId ? { clientId } : {}) });
    cursors[user] = { ...(responses.at(-1)?.cursors ?? {}) };
    return collect(responses);
  };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    const districts = server.facts?.demo.districts ?? [];
    districtOne = districts.find((d) => d.name === 'District 1')?.id ?? '';
    districtTwo = districts.find((d) => d.name === 'District 2')?.id ?? '';
    for (const user of ['demo', 'district'] as const) await changesFor(user);
  });
  afterAll(() => server?.close());

  it('tombstones a deleted school and everything under it in one transaction, for every user who saw it', async () => {
    const school = await someRecord(server.db, 'schools', sql`district_id = ${districtOne}::uuid`);
    const tree = await ownedSubtree(server.db, 'school', school.id);
    expect(tree.get('section-answers')?.length).toBeGreaterThan(0);
    const deleter = randomUUID();
    const [result] = await server.writeAs({ clientId: deleter }, [remove('school', school.id, school.version)]);
    expect(result?.status).toBe('applied');

    for (const user of ['demo', 'district'] as const) {
      const changes = await changesFor(user);
      expect(idsOf(changes), user).toEqual(sortedTree(tree));
      for (const item of [...changes.values()].flat()) expect(Object.keys(item).sort()).toEqual(TOMBSTONE_KEYS);
    }
    // The deleting client does not get its own delete back, but does get the cascade it caused.
    const own = collect(await syncToEnd(server, 'demo', { cursors: {}, clientId: deleter }));
    expect(own.get('schools')?.some((s) => s.id === school.id)).toBe(false);
    expect(
      own
        .get('teachers')
        ?.filter((t) => tree.get('teachers')?.includes(t.id))
        .every((t) => t.deleted),
    ).toBe(true);
  });

  it('sends a school moved out of a district, with everything under it, to that district as removals', async () => {
    const school = await someRecord(server.db, 'schools', sql`district_id = ${districtOne}::uuid`);
    const tree = await ownedSubtree(server.db, 'school', school.id);
    const mover = randomUUID();
    const [moved] = await server.writeAs({ clientId: mover }, [
      update('school', school.id, school.version, { districtId: districtTwo }),
    ]);
    expect(moved).toMatchObject({ status: 'applied', version: school.version + 1 });

    const removed = await changesFor('district');
    expect(idsOf(removed)).toEqual(sortedTree(tree));
    for (const item of [...removed.values()].flat()) {
      expect(item).toEqual({ id: item.id, version: expect.any(Number), updatedAt: expect.any(String), deleted: true });
    }
    const gone = await server.request('district', 'GET', `/api/schools/${school.id}`);
    expect(gone.status).toBe(404);

    // Whole-organisation users keep seeing it, live, under its new district.
    const seen = await changesFor('demo');
    expect(seen.get('schools')).toEqual([
      expect.objectContaining({ id: school.id, districtId: districtTwo, deleted: false }),
    ]);
    expect([...seen.values()].flat().every((r) => !r.deleted)).toBe(true);

    // Moving it back brings it (and its subtree) back to the district as live records.
    const [back] = await server.writeAs({}, [
      update('school', school.id, school.version + 1, { districtId: districtOne }),
    ]);
    expect(back?.status).toBe('applied');
    const returned = await changesFor('district');
    expect(idsOf(returned)).toEqual(sortedTree(tree));
    expect([...returned.values()].flat().every((r) => !r.deleted)).toBe(true);
  });

  it('does not let a district user move a record out of their districts', async () => {
    const school = await someRecord(server.db, 'schools', sql`district_id = ${districtOne}::uuid`);
    const [result] = await server.writeAs({ user: 'district' }, [
      update('school', school.id, school.version, { districtId: districtTwo }),
    ]);
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
  });

  it('moves a single teacher between districts as a removal for the old district only', async () => {
    const teacher = await someRecord(
      server.db,
      'teachers',
      sql`school_id IN (SELECT id FROM schools WHERE district_id = ${districtOne}::uuid AND NOT deleted)`,
    );
    const target = await someRecord(server.db, 'schools', sql`district_id = ${districtTwo}::uuid`);
    const [result] = await server.writeAs({}, [
      update('teacher', teacher.id, teacher.version, { schoolId: target.id }),
    ]);
    expect(result?.status).toBe('applied');
    const removed = await changesFor('district');
    expect(idsOf(removed)).toEqual(new Map([['teachers', [teacher.id]]]));
    expect(removed.get('teachers')?.[0]?.deleted).toBe(true);
    const seen = await changesFor('demo');
    expect(seen.get('teachers')).toContainEqual(expect.objectContaining({ id: teacher.id, schoolId: target.id }));
  });

  it("refuses whole a district user's delete whose cascade would reach another district, naming that record", async () => {
    const inTwo = await someRecord(server.db, 'schools', sql`district_id = ${districtTwo}::uuid AND NOT deleted`);
    const inOne = await someRecord(server.db, 'schools', sql`district_id = ${districtOne}::uuid AND NOT deleted`);
    // A District 2 lesson observation of a teacher who then moved to District 1.
    const teacher = create('teacher', teacherFields(inTwo.id));
    const visit = create('schoolVisit', visitFields(inTwo.id));
    const lesson = create('teacherVisit', {
      schoolVisitId: visit.id,
      teacherId: teacher.id,
      lessonObserved: true,
      subject: 'Mathematics',
      grade: 3,
    });
    const setUp = await server.writeAs({}, [
      teacher,
      visit,
      lesson,
      update('teacher', teacher.id, 1, { schoolId: inOne.id }),
    ]);
    expect(setUp.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);

    const [refused] = await server.writeAs({ user: 'district' }, [remove('teacher', teacher.id, 2)]);
    expect(refused).toMatchObject({
      status: 'rejected',
      error: {
        code: 'FORBIDDEN',
        entity: 'teacherVisit',
        id: lesson.id,
        message: `Deleting teacher ${teacher.id} would also delete teacher visit ${lesson.id}, which you may not change`,
      },
    });
    const rows = await server.db.execute(
      sql`SELECT (SELECT deleted FROM teachers WHERE id = ${teacher.id}::uuid) AS teacher,
                 (SELECT deleted FROM teacher_visits WHERE id = ${lesson.id}::uuid) AS lesson`,
    );
    expect((rows as unknown as { rows: unknown[] }).rows[0]).toEqual({ teacher: false, lesson: false });

    // Someone allowed everywhere may still delete it, with its cascade.
    const [allowed] = await server.writeAs({}, [remove('teacher', teacher.id, 2)]);
    expect(allowed?.status).toBe('applied');
  });
});
