import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, schoolFields, update, visitFields } from './helpers/records.js';

/** The entity's record rules hold on the server as in the store: no client can write a contradiction. */
describe.each(testDatabases)('record rules on the server (%s)', (database) => {
  let server: TestServer;
  let schoolId: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    const school = create('school', schoolFields(server.facts?.demo.districts[0]?.id ?? ''));
    await server.writeAs({}, [school]);
    schoolId = school.id;
  });
  afterAll(() => server?.close());

  it('refuses a visit created flagged without a comment, naming the rule', async () => {
    const [result] = await server.writeAs({}, [
      create('schoolVisit', { ...visitFields(schoolId), reviewStatus: 'flagged', reviewComment: '  ' }),
    ]);
    expect(result).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION', rule: 'flaggedNeedsComment', field: 'reviewComment' },
    });
  });

  it('checks an edit against the record it leaves: approving keeps no follow-up', async () => {
    const visit = create('schoolVisit', {
      ...visitFields(schoolId),
      reviewStatus: 'flagged',
      reviewComment: 'Registers missing',
      followUpDate: '2026-12-20',
    });
    expect((await server.writeAs({}, [visit]))[0]).toMatchObject({ status: 'applied', version: 1 });
    const [approved] = await server.writeAs({}, [update('schoolVisit', visit.id, 1, { reviewStatus: 'approved' })]);
    expect(approved).toMatchObject({ status: 'rejected', error: { rule: 'followUpOnlyWhenFlagged' } });
    const [closed] = await server.writeAs({}, [
      update('schoolVisit', visit.id, 1, { reviewStatus: 'approved', followUpDate: null }),
    ]);
    expect(closed).toMatchObject({ status: 'applied', version: 2 });
    // An edit that touches no rule's field is not refused for anything else.
    const [notes] = await server.writeAs({}, [update('schoolVisit', visit.id, 2, { notes: 'ok' })]);
    expect(notes).toMatchObject({ status: 'applied' });
  });
});
