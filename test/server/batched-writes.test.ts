import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncResponse } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import {
  create,
  pupilAssessmentFields,
  remove,
  schoolFields,
  teacherFields,
  update,
  visitFields,
} from './helpers/records.js';

/**
 * A push's creates and edits are written by the statement that stamps the feed (`PendingWrites`), and
 * sent earlier only when the batch must read or write rows another way. Whatever the mix of a batch,
 * the records must end exactly as the ops say, each once on the feed, parents before children.
 */
describe.each(testDatabases)('creates and edits written with the stamp (%s)', (database) => {
  let server: TestServer;
  let district: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    district = server.facts?.demo.districts[0]?.id ?? '';
  });
  afterAll(() => server?.close());

  const get = async (collection: string, id: string) =>
    (await server.request('demo', 'GET', `/api/${collection}/${id}`)).body as Record<string, unknown>;

  /** The batch's changes as a fresh device pulls them after `cursors`: by collection, id → record. */
  async function pulledAfter(cursors: Record<string, string>): Promise<SyncResponse> {
    return server.sync('demo', { cursors, clientId: randomUUID() });
  }

  async function upToDate(): Promise<Record<string, string>> {
    let cursors: Record<string, string> = {};
    for (let more = true; more; ) {
      const page = await server.sync('demo', { cursors, clientId: randomUUID() });
      cursors = { ...cursors, ...page.cursors };
      more = page.hasMore;
    }
    return cursors;
  }

  it('writes a parent and its child created in one batch after an edit of another type, parents first on the feed', async () => {
    const [school] = await server.writeAs({}, [create('school', schoolFields(district))]);
    const [teacher] = await server.writeAs({}, [create('teacher', teacherFields(school?.id ?? ''))]);
    const cursors = await upToDate();
    const newSchool = randomUUID();
    const newTeacher = randomUUID();
    const results = await server.writeAs({}, [
      update('teacher', teacher?.id ?? '', 1, { phone: '+254 700 222333' }),
      create('school', schoolFields(district, 'Batch Primary'), newSchool),
      create('teacher', { ...teacherFields(newSchool), lastName: 'Wanjiru' }, newTeacher),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await get('schools', newSchool)).toMatchObject({ name: 'Batch Primary', version: 1, deleted: false });
    expect(await get('teachers', newTeacher)).toMatchObject({ schoolId: newSchool, lastName: 'Wanjiru', version: 1 });
    expect(await get('teachers', teacher?.id ?? '')).toMatchObject({ phone: '+254 700 222333', version: 2 });
    // Applied results carry the commit time each record got.
    for (const result of results) {
      if (result.status !== 'applied') continue;
      const stored = await get(result.entity === 'school' ? 'schools' : 'teachers', result.id);
      expect(stored.updatedAt).toBe(result.updatedAt);
    }
    const pulled = await pulledAfter(cursors);
    expect(pulled.changes.map((c) => c.collection)).toEqual(['schools', 'teachers']);
    const teachers = pulled.changes.find((c) => c.collection === 'teachers')?.items ?? [];
    expect(teachers.map((t) => t.id).sort()).toEqual([newTeacher, teacher?.id].sort());
  });

  it('writes each set of fields with its own columns, push after push (the write text is kept per set of fields)', async () => {
    const [school] = await server.writeAs({}, [create('school', schoolFields(district))]);
    const schoolId = school?.id ?? '';
    const [a, b] = await server.writeAs({}, [
      create('teacher', teacherFields(schoolId)),
      create('teacher', { ...teacherFields(schoolId), phone: '+254 700 000001', employeeNumber: 'E-1' }),
    ]);
    const idA = a?.id ?? '';
    const idB = b?.id ?? '';
    // Edits of one type, one after the other, each naming other fields.
    for (const op of [
      update('teacher', idA, 1, { phone: '+254 700 555001' }),
      update('teacher', idB, 1, { lastName: 'Kamau' }),
      update('teacher', idA, 2, { firstName: 'Halima', active: false }),
    ]) {
      expect((await server.writeAs({}, [op]))[0]?.status).toBe('applied');
    }
    expect(await get('teachers', idA)).toMatchObject({
      firstName: 'Halima',
      lastName: 'Otieno',
      phone: '+254 700 555001',
      active: false,
      version: 3,
    });
    expect(await get('teachers', idB)).toMatchObject({
      firstName: 'Amina',
      lastName: 'Kamau',
      phone: '+254 700 000001',
      employeeNumber: 'E-1',
      active: true,
      version: 2,
    });
  });

  it('merges a create and later edits of the same record into one write', async () => {
    const id = randomUUID();
    const results = await server.writeAs({}, [
      create('school', schoolFields(district, 'First name'), id),
      update('school', id, 1, { name: 'Second name' }),
      update('school', id, 2, { enrolment: 321, active: false }),
    ]);
    expect(results.map((r) => (r.status === 'applied' ? r.version : r.status))).toEqual([1, 2, 3]);
    expect(await get('schools', id)).toMatchObject({ name: 'Second name', enrolment: 321, active: false, version: 3 });
    const cursors = await upToDate();
    await server.writeAs({}, [
      update('school', id, 3, { name: 'Third name' }),
      update('school', id, 4, { enrolment: 7 }),
    ]);
    const pulled = await pulledAfter(cursors);
    expect(pulled.changes.flatMap((c) => c.items)).toMatchObject([
      { id, name: 'Third name', enrolment: 7, version: 5 },
    ]);
  });

  it('keeps every kind of value as sent: dates, times, decimals, nulls and long text', async () => {
    const [school] = await server.writeAs({}, [create('school', schoolFields(district))]);
    const id = randomUUID();
    const fields = {
      ...visitFields(school?.id ?? ''),
      visitDate: '2026-02-28',
      latitude: -1.292066,
      longitude: 36.821946,
      notes: `Ünïcödé “quotes” 'apostrophes' \\ backslash ${'x'.repeat(5_000)}`,
      reviewStatus: 'flagged',
      reviewComment: 'needs a second look',
      reviewedAt: '2026-03-01T09:15:30.123Z',
      followUpDate: null,
    };
    const [result] = await server.writeAs({}, [create('schoolVisit', fields, id)]);
    expect(result?.status).toBe('applied');
    expect(await get('school-visits', id)).toMatchObject(fields);
    await server.writeAs({}, [
      update('schoolVisit', id, 1, { latitude: null, notes: 'short', reviewedAt: '2026-03-02T00:00:00.000Z' }),
    ]);
    expect(await get('school-visits', id)).toMatchObject({
      latitude: null,
      notes: 'short',
      reviewedAt: '2026-03-02T00:00:00.000Z',
      version: 2,
    });
  });

  it('a delete in the middle of a batch sees the creates before it and cascades into them', async () => {
    const schoolId = randomUUID();
    const teacherId = randomUUID();
    const later = randomUUID();
    const results = await server.writeAs({}, [
      create('school', schoolFields(district, 'Short-lived'), schoolId),
      create('teacher', teacherFields(schoolId), teacherId),
      remove('school', schoolId, 1),
      create('school', schoolFields(district, 'After the delete'), later),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await get('schools', schoolId)).toMatchObject({ deleted: true, version: 2 });
    expect(await get('teachers', teacherId)).toMatchObject({ deleted: true, version: 2 });
    expect(await get('schools', later)).toMatchObject({ deleted: false, name: 'After the delete' });
  });

  it('writes parents before children when a delete makes the batch send its writes early', async () => {
    const [school] = await server.writeAs({}, [create('school', schoolFields(district))]);
    const [teacher] = await server.writeAs({}, [create('teacher', teacherFields(school?.id ?? ''))]);
    const [doomed] = await server.writeAs({}, [create('school', schoolFields(district, 'Doomed'))]);
    const newSchool = randomUUID();
    const newTeacher = randomUUID();
    // The edit of a teacher comes first, so teachers are the batch's first type written; the delete
    // then sends everything before it.
    const results = await server.writeAs({}, [
      update('teacher', teacher?.id ?? '', 1, { phone: '+254 700 444555' }),
      create('school', schoolFields(district, 'Parent first'), newSchool),
      create('teacher', teacherFields(newSchool), newTeacher),
      remove('school', doomed?.id ?? '', 1),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await get('teachers', newTeacher)).toMatchObject({ schoolId: newSchool, version: 1, deleted: false });
    expect(await get('teachers', teacher?.id ?? '')).toMatchObject({ phone: '+254 700 444555', version: 2 });
  });

  it('a conflict answer shows what the batch’s earlier edits made of the record', async () => {
    const [school] = await server.writeAs({}, [create('school', schoolFields(district, 'Before'))]);
    const id = school?.id ?? '';
    const [edited, stale] = await server.writeAs({}, [
      update('school', id, 1, { name: 'Edited in the batch' }),
      update('school', id, 1, { name: 'Stale edit' }),
    ]);
    expect(edited?.status).toBe('applied');
    expect(stale).toMatchObject({ status: 'conflict', server: { name: 'Edited in the batch', version: 2 } });
  });

  it('a move of a parent takes the children created before it in the batch along', async () => {
    const other = server.facts?.demo.districts[1]?.id ?? '';
    const [school] = await server.writeAs({}, [create('school', schoolFields(district))]);
    const teacherId = randomUUID();
    const results = await server.writeAs({}, [
      create('teacher', teacherFields(school?.id ?? ''), teacherId),
      update('school', school?.id ?? '', 1, { districtId: other }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // The District 1 user no longer sees the teacher; the organisation's user does.
    expect((await server.request('district', 'GET', `/api/teachers/${teacherId}`)).status).toBe(404);
    expect(await get('teachers', teacherId)).toMatchObject({ schoolId: school?.id, deleted: false });
  });

  it('a unique value taken earlier in the same batch is refused, the rest applied', async () => {
    const [school] = await server.writeAs({}, [create('school', schoolFields(district))]);
    const [visit] = await server.writeAs({}, [create('schoolVisit', visitFields(school?.id ?? ''))]);
    const [assessment] = await server.writeAs({}, [create('pupilAssessment', pupilAssessmentFields(visit?.id ?? ''))]);
    const result = (total: number) => ({ pupilAssessmentId: assessment?.id, total, benchmarkBand: 'emergent' });
    const first = randomUUID();
    const results = await server.writeAs({}, [
      create('assessmentResult', result(10), first),
      create('assessmentResult', result(11)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(await get('assessment-results', first)).toMatchObject({ total: 10 });
  });

  it('two devices creating the same id at once: one is applied, the other answered a conflict', async () => {
    const [school] = await server.writeAs({}, [create('school', schoolFields(district))]);
    for (let round = 0; round < 5; round++) {
      const id = randomUUID();
      const both = await Promise.all(
        ['one', 'two'].map((name) =>
          server.writeAs({ clientId: randomUUID() }, [
            create('teacher', { ...teacherFields(school?.id ?? ''), lastName: name }, id),
          ]),
        ),
      );
      const statuses = both.map(([r]) => r?.status).sort();
      expect(statuses).toEqual(['applied', 'conflict']);
      const winner = both.find(([r]) => r?.status === 'applied')?.[0];
      const stored = await get('teachers', id);
      expect(stored.version).toBe(1);
      expect(winner?.status === 'applied' && stored.updatedAt).toBe(winner?.status === 'applied' && winner.updatedAt);
    }
  });
});
