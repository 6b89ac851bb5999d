import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRow } from '../../src/server/db/server-database.js';
import type { OpResult } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { Gate } from './helpers/gate.js';
import {
  create,
  pupilAssessmentFields,
  remove,
  schoolFields,
  teacherFields,
  update,
  visitFields,
} from './helpers/records.js';

describe.each(testDatabases)('pushed operations (%s)', (database) => {
  let server: TestServer;
  let district: string;
  const gate = new Gate();
  let failCommit = false;

  beforeAll(async () => {
    server = await startTestServer({
      seed: 'tiny',
      database,
      hooks: {
        beforeCommit: async () => {
          await gate.pass('beforeCommit');
          if (failCommit) throw new Error('injected failure before commit');
        },
      },
    });
    district = server.facts?.demo.districts[0]?.id ?? '';
  });
  afterAll(() => server?.close());

  const push = (ops: Parameters<TestServer['writeAs']>[1], clientId?: string) =>
    server.writeAs(clientId ? { clientId } : {}, ops);
  const count = async (table: string, where = sql`true`) =>
    (
      await queryRow<{ n: number }>(
        server.db,
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${where}`,
      )
    )?.n;

  it('applies creates, updates and deletes with new server versions', async () => {
    const school = create('school', schoolFields(district));
    const [created] = await push([school]);
    expect(created).toMatchObject({
      opId: school.opId,
      status: 'applied',
      entity: 'school',
      id: school.id,
      version: 1,
    });
    const [edited] = await push([update('school', school.id, 1, { enrolment: 300, name: 'Renamed' })]);
    expect(edited).toMatchObject({ status: 'applied', version: 2 });
    const record = await server.request('demo', 'GET', `/api/schools/${school.id}`);
    expect(record.body).toMatchObject({
      id: school.id,
      version: 2,
      name: 'Renamed',
      enrolment: 300,
      headTeacher: null,
    });
    const [deleted] = await push([remove('school', school.id, 2)]);
    expect(deleted).toMatchObject({ status: 'applied', version: 3 });
    const tombstone = await server.request('demo', 'GET', `/api/schools/${school.id}`);
    expect(tombstone.body).toEqual({ id: school.id, version: 3, updatedAt: expect.any(String), deleted: true });
  });

  it('applies a batch in order, so a child may follow its parent in the same batch', async () => {
    const school = create('school', schoolFields(district));
    const teacher = create('teacher', teacherFields(school.id));
    const visit = create('schoolVisit', visitFields(school.id));
    const results = await push([school, teacher, visit]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });

  it('answers a repeated opId with the first result and applies it once', async () => {
    const school = create('school', schoolFields(district));
    await push([school]);
    const edit = update('school', school.id, 1, { enrolment: 10 });
    const [first] = await push([edit]);
    const [again] = await push([edit]);
    expect(again).toEqual({ ...first, status: 'duplicate' });
    const [twiceInOneBatch] = (await push([edit, edit])).slice(1);
    expect(twiceInOneBatch?.status).toBe('duplicate');
    const record = await server.request('demo', 'GET', `/api/schools/${school.id}`);
    expect(record.body).toMatchObject({ version: 2 });
  });

  it('applies a retry racing its original exactly once', async () => {
    const school = create('school', schoolFields(district));
    const results = await Promise.all([push([school]), push([school])]);
    const statuses = results.map(([r]) => r?.status).sort();
    expect(statuses).toEqual(['applied', 'duplicate']);
  });

  it('refuses an opId another user already used', async () => {
    const school = create('school', schoolFields(district));
    await push([school]);
    const [result] = await server.writeAs({ user: 'district' }, [school]);
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'BAD_REQUEST', field: 'opId' } });
  });

  it('reports a conflict with the server record when the base version is stale', async () => {
    const school = create('school', schoolFields(district));
    await push([school]);
    await push([update('school', school.id, 1, { name: 'Theirs' })]);
    const mine = update('school', school.id, 1, { name: 'Mine' });
    const [result] = await push([mine]);
    expect(result).toMatchObject({
      status: 'conflict',
      baseVersion: 1,
      server: { id: school.id, version: 2, name: 'Theirs', deleted: false },
    });
    const [again] = await push([mine]);
    expect(again?.status).toBe('conflict');
  });

  it('reports a create over an existing id, and any edit of a deleted record, as a conflict', async () => {
    const school = create('school', schoolFields(district));
    await push([school]);
    const [recreate] = await push([create('school', schoolFields(district), school.id)]);
    expect(recreate).toMatchObject({ status: 'conflict', baseVersion: null, server: { version: 1 } });
    await push([remove('school', school.id, 1)]);
    const [edit] = await push([update('school', school.id, 2, { name: 'Ghost' })]);
    expect(edit).toMatchObject({ status: 'conflict', server: { id: school.id, version: 2, deleted: true } });
    expect(Object.keys((edit as Extract<OpResult, { status: 'conflict' }>).server).sort()).toEqual(
      ['deleted', 'id', 'updatedAt', 'version'].sort(),
    );
    const [deleteAgain] = await push([remove('school', school.id, 1)]);
    expect(deleteAgain).toMatchObject({ status: 'applied', version: 2 });
  });

  it.each([
    ['a missing field', (s: string) => ({ ...teacherFields(s), firstName: undefined }), 'VALIDATION', 'firstName'],
    ['a wrong type', (s: string) => ({ ...teacherFields(s), active: 'yes' }), 'VALIDATION', 'active'],
    ['an unknown field', (s: string) => ({ ...teacherFields(s), shoeSize: 44 }), 'VALIDATION', 'shoeSize'],
    ['a missing parent', () => teacherFields(randomUUID()), 'MISSING_PARENT', 'schoolId'],
  ])('rejects %s with an error naming the field, writing nothing for it', async (_what, fields, code, field) => {
    const school = create('school', schoolFields(district));
    await push([school]);
    const bad = create('teacher', JSON.parse(JSON.stringify(fields(school.id))));
    const good = create('teacher', teacherFields(school.id));
    const [rejected, applied] = await push([bad, good]);
    expect(rejected).toMatchObject({ status: 'rejected', error: { code, field, entity: 'teacher', id: bad.id } });
    expect(rejected?.status === 'rejected' && rejected.error.message).toContain(bad.id);
    expect(applied?.status).toBe('applied');
    expect(await count('teachers', sql`id = ${bad.id}`)).toBe(0);
  });

  it('sees in one batch what an earlier op cascaded: an edit of a child tombstoned with its parent is a conflict', async () => {
    const school = create('school', schoolFields(district));
    const teacher = create('teacher', teacherFields(school.id));
    await push([school, teacher]);
    const [removed, edit] = await push([
      remove('school', school.id, 1),
      update('teacher', teacher.id, 1, { firstName: 'Late' }),
    ]);
    expect(removed).toMatchObject({ status: 'applied', version: 2 });
    expect(edit).toMatchObject({ status: 'conflict', server: { id: teacher.id, version: 2, deleted: true } });
    expect(await count('teachers', sql`id = ${teacher.id} AND deleted AND first_name = 'Amina'`)).toBe(1);
  });

  it('sees its own earlier ops in one batch: an edit after a delete conflicts, a second edit builds on the first', async () => {
    const school = create('school', schoolFields(district));
    const teacher = create('teacher', teacherFields(school.id));
    await push([school, teacher]);
    const results = await push([
      update('teacher', teacher.id, 1, { firstName: 'Once' }),
      update('teacher', teacher.id, 2, { lastName: 'Twice' }),
      remove('teacher', teacher.id, 3),
      update('teacher', teacher.id, 4, { firstName: 'Ghost' }),
      remove('teacher', teacher.id, 4),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'conflict', 'applied']);
    expect(results.map((r) => (r.status === 'applied' ? r.version : r.status))).toEqual([2, 3, 4, 'conflict', 4]);
    expect(results[3]).toMatchObject({ server: { id: teacher.id, version: 4, deleted: true } });
    // A delete of what is already deleted answers with the first deletion's time.
    expect(results[4]?.status === 'applied' && results[4].updatedAt).toBe(
      results[2]?.status === 'applied' && results[2].updatedAt,
    );
  });

  it("checks a record rule on the record the batch's earlier edits left", async () => {
    const school = create('school', schoolFields(district));
    const visit = create('schoolVisit', visitFields(school.id));
    await push([school, visit]);
    // Flagging needs a review comment: the comment came with the op before.
    const results = await push([
      update('schoolVisit', visit.id, 1, { reviewComment: 'Register not kept' }),
      update('schoolVisit', visit.id, 2, { reviewStatus: 'flagged' }),
      update('schoolVisit', visit.id, 3, { reviewComment: null }),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? r.error.field : r.status))).toEqual([
      'applied',
      'applied',
      'reviewComment',
    ]);
  });

  it('edits a record of a type with no owner reference (the organisation itself)', async () => {
    const organisation = await queryRow<{ id: string; version: number; name: string }>(
      server.db,
      sql`SELECT id::text AS id, version, name FROM organisations
          WHERE id = (SELECT organisation_scope FROM districts WHERE id = ${district}::uuid)`,
    );
    const [renamed] = await push([
      update('organisation', organisation?.id ?? '', organisation?.version ?? 1, { name: 'Renamed ministry' }),
    ]);
    expect(renamed?.status).toBe('applied');
    // Back as it was for the tests after this one.
    const version = (organisation?.version ?? 1) + 1;
    const [back] = await push([update('organisation', organisation?.id ?? '', version, { name: organisation?.name })]);
    expect(back?.status).toBe('applied');
  });

  it('keeps a leaf record it deleted as deleted for the rest of the batch', async () => {
    const school = create('school', schoolFields(district));
    const visit = create('schoolVisit', visitFields(school.id));
    const pupil = create('pupilAssessment', pupilAssessmentFields(visit.id, 'P-9'));
    const answer = create('assessmentResult', { pupilAssessmentId: pupil.id, total: 7, benchmarkBand: 'emergent' });
    expect((await push([school, visit, pupil, answer])).map((r) => r.status)).toEqual(Array(4).fill('applied'));
    const results = await push([
      remove('assessmentResult', answer.id, 1),
      update('assessmentResult', answer.id, 2, { total: 8 }),
      remove('assessmentResult', answer.id, 2),
    ]);
    expect(results.map((r) => (r.status === 'applied' ? r.version : r.status))).toEqual([2, 'conflict', 2]);
    expect(await count('assessment_results', sql`id = ${answer.id} AND deleted AND version = 2 AND total = 7`)).toBe(1);
  });

  it('moves a record to another district with its children, logging that they left the first', async () => {
    const [one, two] = server.facts?.demo.districts ?? [];
    const school = create('school', schoolFields(one?.id ?? ''));
    const teacher = create('teacher', teacherFields(school.id));
    await push([school, teacher]);
    const exits = (id: string) =>
      count(
        'scope_exits',
        sql`record_id = ${id}::uuid AND from_district = ${one?.id}::uuid AND to_district = ${two?.id}::uuid`,
      );
    // Naming the district it is already in is no move.
    expect((await push([update('school', school.id, 1, { districtId: one?.id })]))[0]?.status).toBe('applied');
    expect(await exits(school.id)).toBe(0);
    expect((await push([update('school', school.id, 2, { districtId: two?.id })]))[0]?.status).toBe('applied');
    expect(await exits(school.id)).toBe(1);
    expect(await exits(teacher.id)).toBe(1);
    expect(await count('teachers', sql`id = ${teacher.id} AND district_scope = ${two?.id}::uuid`)).toBe(1);
    // The move is seen by the rest of the batch: the school's next edit is on the moved record.
    const [edit] = await push([update('school', school.id, 3, { name: 'Moved' })]);
    expect(edit).toMatchObject({ status: 'applied', version: 4 });
    expect(
      await count('schools', sql`id = ${school.id} AND district_scope = ${two?.id}::uuid AND name = 'Moved'`),
    ).toBe(1);
  });

  it('answers an edit or delete of an id that does not exist, or of a stale version, naming the record', async () => {
    const missing = randomUUID();
    const [edit, removal] = await push([
      update('school', missing, 1, { name: 'Nowhere' }),
      remove('school', missing, 1),
    ]);
    for (const result of [edit, removal]) {
      expect(result).toMatchObject({
        status: 'rejected',
        error: { code: 'NOT_FOUND', message: `School ${missing} does not exist`, entity: 'school', id: missing },
      });
    }
    const school = create('school', schoolFields(district));
    await push([school, update('school', school.id, 1, { name: 'Moved on' })]);
    const [stale] = await push([remove('school', school.id, 1)]);
    expect(stale).toMatchObject({ status: 'conflict', server: { id: school.id, version: 2, name: 'Moved on' } });
  });

  it('refuses an edit with a bad field, a missing parent, a broken record rule or a taken unique value', async () => {
    const school = create('school', schoolFields(district));
    const teacher = create('teacher', teacherFields(school.id));
    const visit = create('schoolVisit', visitFields(school.id));
    const assessment = (code: string) => create('pupilAssessment', pupilAssessmentFields(visit.id, code));
    const [one, two] = [assessment('P-1'), assessment('P-2')];
    const result = (pupilAssessmentId: string) =>
      create('assessmentResult', { pupilAssessmentId, total: 10, benchmarkBand: 'emergent' });
    const [resultOne, resultTwo] = [result(one.id), result(two.id)];
    await push([school, teacher, visit, one, two, resultOne, resultTwo]);
    const answers = await push([
      update('teacher', teacher.id, 1, { active: 'yes' }),
      update('teacher', teacher.id, 1, { schoolId: randomUUID() }),
      update('schoolVisit', visit.id, 1, { reviewStatus: 'flagged' }),
      update('assessmentResult', resultTwo.id, 1, { pupilAssessmentId: one.id }),
      update('teacher', teacher.id, 1, { phone: '+254 700 000001' }),
    ]);
    expect(answers.map((r) => (r.status === 'rejected' ? [r.error.code, r.error.field] : r.status))).toEqual([
      ['VALIDATION', 'active'],
      ['MISSING_PARENT', 'schoolId'],
      ['VALIDATION', 'reviewComment'],
      ['CONFLICT', 'pupilAssessmentId'],
      'applied',
    ]);
    expect(answers[3]).toMatchObject({
      error: {
        message: `Assessment result ${resultTwo.id}: another assessment result already has this pupilAssessmentId`,
      },
    });
    // Nothing of the refused edits was written; the good one was.
    expect(await count('teachers', sql`id = ${teacher.id} AND version = 2 AND active`)).toBe(1);
    expect(await count('school_visits', sql`id = ${visit.id} AND version = 1`)).toBe(1);
  });

  it('refuses a district user writes outside their districts, and reference data, with what they may not do', async () => {
    const [, other] = server.facts?.demo.districts ?? [];
    const form = await queryRow<{ id: string; version: number }>(
      server.db,
      sql`SELECT id::text AS id, version FROM project_forms WHERE NOT deleted LIMIT 1`,
    );
    const mine = create('school', schoolFields(district));
    expect((await server.writeAs({ user: 'district' }, [mine]))[0]?.status).toBe('applied');
    const theirs = await queryRow<{ id: string }>(
      server.db,
      sql`SELECT id::text AS id FROM schools WHERE district_id = ${other?.id}::uuid AND NOT deleted LIMIT 1`,
    );
    const [taken, flagged] = await server.writeAs({ user: 'district' }, [
      create('school', schoolFields(district), theirs?.id),
      create('schoolVisit', { ...visitFields(mine.id), reviewStatus: 'flagged' }),
    ]);
    // An id another district holds: the answer of an id in use, never what the record is.
    expect(taken).toMatchObject({
      status: 'rejected',
      error: {
        code: 'CONFLICT',
        field: 'id',
        message: `School id ${theirs?.id} cannot be used; create the record with a new id`,
      },
    });
    expect(flagged).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION', field: 'reviewComment' } });
    // An edit or a delete of it: exactly the answers of an id that does not exist.
    const missing = randomUUID();
    const hiddenAnswers = await server.writeAs({ user: 'district' }, [
      update('school', theirs?.id ?? '', 1, { name: 'Not yours' }),
      update('school', missing, 1, { name: 'Not yours' }),
      remove('school', theirs?.id ?? '', 1),
      remove('school', missing, 1),
    ]);
    const unnamed = (r: OpResult) =>
      r.status === 'rejected'
        ? { ...r, opId: '', id: '', error: { ...r.error, id: '', message: r.error.message.replace(r.id, '…') } }
        : r;
    expect(hiddenAnswers[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
    expect(unnamed(hiddenAnswers[0] as OpResult)).toEqual(unnamed(hiddenAnswers[1] as OpResult));
    expect(unnamed(hiddenAnswers[2] as OpResult)).toEqual(unnamed(hiddenAnswers[3] as OpResult));
    const answers = await server.writeAs({ user: 'district' }, [
      create('school', schoolFields(other?.id ?? '')),
      update('school', mine.id, 1, { districtId: other?.id }),
      update('projectForm', form?.id ?? '', form?.version ?? 1, { name: 'Mine now' }),
      remove('projectForm', form?.id ?? '', form?.version ?? 1),
    ]);
    expect(answers.map((r) => (r.status === 'rejected' ? [r.error.code, r.error.message] : r.status))).toEqual([
      ['FORBIDDEN', 'School would be outside your organisation or districts'],
      ['FORBIDDEN', 'School would be outside your organisation or districts'],
      ['FORBIDDEN', 'You may not change project form records outside your districts'],
      ['FORBIDDEN', 'You may not change project form records outside your districts'],
    ]);
    expect(await count('schools', sql`id = ${mine.id} AND district_id = ${district}::uuid AND version = 1`)).toBe(1);
  });

  it('rejects a child of a deleted parent and an unknown entity type', async () => {
    const school = create('school', schoolFields(district));
    await push([school, remove('school', school.id, 1)]);
    const [orphan] = await push([create('teacher', teacherFields(school.id))]);
    expect(orphan).toMatchObject({ status: 'rejected', error: { code: 'MISSING_PARENT', message: /deleted/ } });
    const [unknown] = await push([create('pupil', { name: 'x' })]);
    expect(unknown).toMatchObject({ status: 'rejected', error: { code: 'UNKNOWN_ENTITY' } });
  });

  it('fills absent optional fields with null on create', async () => {
    const school = create('school', schoolFields(district));
    await push([school]);
    const record = await server.request('demo', 'GET', `/api/schools/${school.id}`);
    expect(record.body).toMatchObject({ headTeacher: null, phone: null, latitude: null });
  });

  it('keeps declared uniqueness among live records', async () => {
    const school = create('school', schoolFields(district));
    const visit = create('schoolVisit', visitFields(school.id));
    const assessment = create('pupilAssessment', pupilAssessmentFields(visit.id, 'P-1'));
    const result = (total: number) =>
      create('assessmentResult', { pupilAssessmentId: assessment.id, total, benchmarkBand: 'emergent' });
    const first = result(10);
    const [, , , firstResult, second] = await push([school, visit, assessment, first, result(11)]);
    expect(firstResult?.status).toBe('applied');
    expect(second).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT', field: 'pupilAssessmentId' } });
    const [afterDelete] = await push([remove('assessmentResult', first.id, 1), result(12)]).then((r) => r.slice(1));
    expect(afterDelete?.status).toBe('applied');
  });

  it('applies a batch atomically: a failure before commit writes nothing', async () => {
    const before = await count('schools');
    const ops = [create('school', schoolFields(district)), create('school', schoolFields(district))];
    failCommit = true;
    try {
      const res = await server.request('demo', 'POST', '/api/sync', { cursors: {}, push: ops });
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ error: { code: 'INTERNAL' } });
    } finally {
      failCommit = false;
    }
    expect(await count('schools')).toBe(before);
    expect(await count('applied_ops', sql`op_id = ${ops[0]?.opId}`)).toBe(0);
    // The client retries the same ops after the failure: they apply now.
    expect((await push(ops)).map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('serialises concurrent edits of one record: one applies, the other conflicts', async () => {
    const school = create('school', schoolFields(district));
    await push([school]);
    gate.arm('beforeCommit');
    const first = push([update('school', school.id, 1, { name: 'First' })]);
    await gate.reached;
    const second = push([update('school', school.id, 1, { name: 'Second' })]);
    gate.release();
    const results = [(await first)[0], (await second)[0]];
    expect(results.map((r) => r?.status)).toEqual(['applied', 'conflict']);
    expect(results[1]).toMatchObject({ server: { version: 2, name: 'First' } });
  });
});
