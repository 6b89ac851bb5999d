import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRow } from '../../src/server/db/server-database.js';
import { MAX_PUSH_BATCH } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { pullAll } from './helpers/pull.js';
import { create, schoolFields } from './helpers/records.js';

/** Bad input gets a 4xx with `{ error }` naming the problem, and nothing is written. */
describe.each(testDatabases)('bad input (%s)', (database) => {
  let server: TestServer;
  let token: string;
  let cursor: string;
  let district: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database, limits: { maxBodyBytes: 256 * 1024 } });
    token = (await server.login('demo')).token;
    cursor = (await pullAll(server, 'demo', 'schools')).cursor;
    district = server.facts?.demo.districts[0]?.id ?? '';
  });
  afterAll(() => server?.close());

  const head = async () =>
    (await queryRow<{ head: string }>(server.db, sql`SELECT head::text AS head FROM feed_head`))?.head;
  const raw = (method: string, path: string, body?: string, contentType = 'application/json') =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      ...(body !== undefined ? { body } : {}),
    });

  /** A push that would write if the request were accepted. */
  const validPush = () => [create('school', schoolFields(district))];
  const cases: [string, number, RegExp | string, () => string][] = [
    ['malformed JSON', 400, /Malformed JSON/, () => '{"cursors": {'],
    ['a body that is not an object', 400, 'request', () => '[1, 2]'],
    ['cursors of the wrong type', 400, 'cursors', () => JSON.stringify({ cursors: 5, push: validPush() })],
    [
      'a baseVersion of the wrong type',
      400,
      'push[0].baseVersion',
      () => JSON.stringify({ cursors: {}, push: [{ ...validPush()[0], baseVersion: '1' }] }),
    ],
    [
      'a clientId that is not a UUID',
      400,
      'clientId',
      () => JSON.stringify({ cursors: {}, push: validPush(), clientId: 'me' }),
    ],
    ['an unknown top-level field', 400, 'since', () => JSON.stringify({ cursors: {}, push: validPush(), since: 1 })],
    [
      'an unknown field in an operation',
      400,
      'push[0].priority',
      () => JSON.stringify({ cursors: {}, push: [{ ...validPush()[0], priority: 1 }] }),
    ],
    [
      'an unknown collection',
      400,
      'cursors.pupils',
      () => JSON.stringify({ cursors: { pupils: null }, push: validPush() }),
    ],
    [
      'an invalid cursor',
      400,
      'cursors.schools',
      () => JSON.stringify({ cursors: { schools: 'abc' }, push: validPush() }),
    ],
    [
      'a cursor from another server',
      410,
      'cursors.schools',
      () => JSON.stringify({ cursors: { schools: `${cursor.split('.')[0]}.zzzz` }, push: validPush() }),
    ],
    [
      'a batch over the limit',
      413,
      'push',
      () => JSON.stringify({ cursors: {}, push: Array.from({ length: MAX_PUSH_BATCH + 1 }, () => validPush()[0]) }),
    ],
    [
      'a body over the limit',
      413,
      /262144 bytes/,
      () => JSON.stringify({ cursors: {}, push: validPush(), padding: 'x'.repeat(300 * 1024) }),
    ],
  ];

  it.each(cases)('POST /api/sync with %s → %i naming it, nothing written', async (_what, status, names, body) => {
    const before = await head();
    const res = await raw('POST', '/api/sync', body());
    expect(res.status).toBe(status);
    const answer = (await res.json()) as { error: { code: string; message: string; field?: string } };
    expect(answer.error.code).toMatch(/^(BAD_REQUEST|PAYLOAD_TOO_LARGE|RESYNC)$/);
    if (typeof names === 'string') expect(answer.error.field).toBe(names);
    else expect(answer.error.message).toMatch(names);
    expect(await head()).toBe(before);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await raw('POST', '/api/sync', 'cursors=1', 'text/plain');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: /content type/i } });
  });

  it('rejects a pushed organisationId that is not yours as if it did not exist, naming it, and writes nothing', async () => {
    const country = create('country', {
      organisationId: server.facts?.other.organisationId,
      name: 'Elsewhere',
      isoCode: 'EL',
    });
    const [result] = await server.writeAs({}, [country]);
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'MISSING_PARENT', field: 'organisationId' } });
    expect((await server.request('other', 'GET', `/api/countries/${country.id}`)).status).toBe(404);
    expect((await server.request('demo', 'GET', `/api/countries/${country.id}`)).status).toBe(404);
  });

  it.each([
    ['/api/pupils', 404, 'UNKNOWN_ENTITY', /pupils/],
    ['/api/schools?limit=0', 400, 'BAD_REQUEST', /limit/],
    ['/api/schools?limit=ten', 400, 'BAD_REQUEST', /limit/],
    ['/api/schools?limit=1000000', 400, 'BAD_REQUEST', /limit/],
    ['/api/schools?since=2024-01-01', 400, 'BAD_REQUEST', /since/],
    ['/api/schools?updatedAfter=yesterday', 400, 'BAD_REQUEST', /updatedAfter/],
    ['/api/schools/not-a-uuid', 400, 'BAD_REQUEST', /UUID/],
    [`/api/schools/${randomUUID()}`, 404, 'NOT_FOUND', /not found/],
    ['/api/nothing/here/at/all', 404, 'NOT_FOUND', /No such endpoint/],
  ])('GET %s → %i %s', async (path, status, code, message) => {
    const res = await raw('GET', path);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code, message: expect.stringMatching(message) } });
  });
});
