import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRow } from '../../src/server/db/server-database.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { OpResult, PushOp } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, schoolFields, teacherFields, update, visitFields } from './helpers/records.js';

/** `[[[…1…]]]` nested `depth` deep, as JSON text (built as text: a value that deep cannot be stringified). */
const nestedJson = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

/**
 * Values the database cannot hold (or a parser cannot walk) arrive from a hostile or broken client: each
 * is a 400 naming the field, or a `rejected` op naming it while the rest of the batch applies, and
 * never a 500 (which would roll back the whole batch and block the device's outbox for good).
 */
describe.each(testDatabases)('hostile input (%s)', (database) => {
  let server: TestServer;
  let district: string;
  let school: string;
  let visit: string;
  let teacher: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    district = server.facts?.demo.districts[0]?.id ?? '';
    const s = create('school', schoolFields(district));
    const v = create('schoolVisit', visitFields(s.id));
    const t = create('teacher', teacherFields(s.id));
    await server.writeAs({}, [s, v, t]);
    school = s.id;
    visit = v.id;
    teacher = t.id;
  });
  afterAll(() => server?.close());

  /** Whether a version of the record newer than `after` is stored. */
  const exists = async (table: string, id: string, after = 0) =>
    (
      await queryRow<{ n: number }>(
        server.db,
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE id = ${id} AND version > ${after}`,
      )
    )?.n === 1;

  /** Pushes the op followed by a good one; both answered, the good one applied. */
  const pushBeside = async (bad: PushOp | string): Promise<OpResult | undefined> => {
    const good = create('teacher', teacherFields(school));
    const body =
      typeof bad === 'string'
        ? `{"cursors":{},"push":[${bad},${JSON.stringify(good)}]}`
        : JSON.stringify({ cursors: {}, push: [bad, good] });
    const res = await server.request('demo', 'POST', '/api/sync', body);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const results = (res.body as { results: OpResult[] }).results;
    expect(results[1]?.status).toBe('applied');
    expect(await exists('teachers', good.id)).toBe(true);
    return results[0];
  };

  const sectionAnswer = (changes: Record<string, unknown>) => {
    const assessment = create('pupilAssessment', {
      schoolVisitId: visit,
      pupilCode: `P-${randomUUID().slice(0, 6)}`,
      grade: 3,
      gender: 'female',
      age: 9,
      language: 'English',
      durationSeconds: 300,
    });
    return {
      assessment,
      answer: create('sectionAnswer', {
        pupilAssessmentId: assessment.id,
        section: 'letters',
        correct: 10,
        attempted: 12,
        seconds: 60,
        answers: '110',
        ...changes,
      }),
    };
  };

  it.each<[string, string, () => PushOp]>([
    ['a reference that is not a UUID (create)', 'schoolId', () => create('teacher', teacherFields('not-a-uuid'))],
    ['a reference that is not a UUID (edit)', 'schoolId', () => update('teacher', teacher, 1, { schoolId: 'x' })],
    ['a NUL character in text', 'name', () => create('school', { ...schoolFields(district), name: 'Bad\u0000Name' })],
    ['half a surrogate pair in text', 'name', () => create('school', { ...schoolFields(district), name: 'Bad\uD800' })],
    [
      'year 0000 in a date',
      'visitDate',
      () => create('schoolVisit', { ...visitFields(school), visitDate: '0000-01-01' }),
    ],
    [
      'year 0000 in an instant',
      'reviewedAt',
      () => create('schoolVisit', { ...visitFields(school), reviewedAt: '0000-06-01T00:00:00Z' }),
    ],
    ['an integer of 2^31', 'enrolment', () => create('school', { ...schoolFields(district), enrolment: 2 ** 31 })],
    [
      'a NUL character in a JSON field',
      'questions',
      () =>
        create('projectForm', {
          organisationId: server.facts?.demo.organisationId,
          name: 'Form',
          formVersion: 1,
          questions: [{ key: 'a\u0000', label: 'A', type: 'text' }],
        }),
    ],
  ])('%s is a rejected op naming %s; the rest of the batch applies', async (_what, field, op) => {
    const bad = op();
    const result = await pushBeside(bad);
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION', field } });
    expect(await exists(entityGraph.byName.get(bad.entity)?.table ?? '', bad.id, bad.baseVersion ?? 0)).toBe(false);
  });

  it('integers of 2^31 in a field whose declaration had no maximum are rejected naming it', async () => {
    const { assessment, answer } = sectionAnswer({ correct: 2 ** 31 });
    const res = await server.sync('demo', { cursors: {}, push: [assessment, answer] });
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(res.results[1]).toMatchObject({ error: { code: 'VALIDATION', field: 'correct' } });
  });

  it.each([5_000, 200_000])('JSON nested %i deep in a JSON field is a rejected op naming it', async (depth) => {
    const form = create('projectForm', {
      organisationId: server.facts?.demo.organisationId,
      name: 'Form',
      formVersion: 1,
      questions: 0,
    });
    const result = await pushBeside(JSON.stringify(form).replace('"questions":0', `"questions":${nestedJson(depth)}`));
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION', field: 'questions' } });
  });

  it.each([5_000, 200_000])('JSON nested %i deep anywhere else is a 400 naming where', async (depth) => {
    for (const [body, field] of [
      [`{"cursors":{},"deep":${nestedJson(depth)}}`, 'deep'],
      [`{"cursors":${nestedJson(depth)}}`, 'cursors'],
      [`{"cursors":{},"push":[${nestedJson(depth)}]}`, 'push[0]'],
    ] as const) {
      const res = await server.request('demo', 'POST', '/api/sync', body);
      expect(res.status, field).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'BAD_REQUEST', field } });
    }
  });

  it('a NUL character in the user name of the public login is a 400 naming it', async () => {
    const res = await server.request(null, 'POST', '/api/auth/login', { username: 'de\u0000mo', password: 'demo' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'username' } });
  });

  it.each(['0000-01-01T00:00:00Z', '0000-12-31', '0001-01-01T00:00:00+01:00'])(
    'year 0 in a time cursor (%s) is a 400 naming the cursor',
    async (time) => {
      const get = await server.request('demo', 'GET', `/api/schools?updatedAfter=${encodeURIComponent(time)}`);
      expect(get.status).toBe(400);
      expect(get.body).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'updatedAfter' } });
      const post = await server.request('demo', 'POST', '/api/sync', { cursors: { schools: time } });
      expect(post.status).toBe(400);
      expect(post.body).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'cursors.schools' } });
    },
  );
});
