import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import type { ConflictResolutionRecord, StoredResolution } from '../../src/shared/protocol/resolutions.js';
import { type DemoUser, startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, schoolFields, update, visitFields } from './helpers/records.js';

/**
 * `SyncRequest.resolutions`: a conflict a person resolved on a device is kept on the server once, for
 * records the sender may see, and an administrator of the organisation reads the history.
 */
describe.each(testDatabases)('conflict resolution history on the server (%s)', (database) => {
  let server: TestServer;
  /** A visit in District 1 (the `district` user's) and one in District 2. */
  let visitOne: string;
  let visitTwo: string;

  const resolution = (recordId: string, over: Partial<ConflictResolutionRecord> = {}): ConflictResolutionRecord => ({
    id: randomUUID(),
    entity: 'schoolVisit',
    recordId,
    kind: 'held',
    choices: { reviewStatus: 'local', reviewComment: 'server' },
    resolvedBy: 'Demo Officer',
    detectedAt: '2026-12-04T08:00:00.000Z',
    resolvedAt: '2026-12-04T08:05:00.000Z',
    baseVersion: 1,
    serverVersion: 2,
    opId: null,
    ...over,
  });
  const send = (user: DemoUser, resolutions: readonly unknown[], extra: Record<string, unknown> = {}) =>
    server.request(user, 'POST', '/api/sync', { cursors: {}, collections: ['countries'], resolutions, ...extra });
  const stored = async () =>
    Number(
      ((await server.db.execute(sql`SELECT count(*)::int AS n FROM conflict_resolutions`)) as { rows: { n: number }[] })
        .rows[0]?.n,
    );
  const history = async (user: DemoUser, query = '') => {
    const res = await server.request(user, 'GET', `/api/admin/conflict-resolutions${query}`);
    return { status: res.status, body: res.body as { resolutions: StoredResolution[]; error?: { field?: string } } };
  };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    const districts = server.facts?.demo.districts ?? [];
    const inDistrict = async (name: string) => {
      const school = create('school', schoolFields(districts.find((d) => d.name === name)?.id ?? ''));
      const visit = create('schoolVisit', visitFields(school.id));
      await server.writeAs({}, [school, visit]);
      return visit.id;
    };
    visitOne = await inDistrict('District 1');
    visitTwo = await inDistrict('District 2');
    expect((await new UserAdmin(server.db).setRole('demo', 'admin')).ok).toBe(true);
  });
  afterAll(() => server?.close());

  it('stores a resolution once: the same id again (a retried request) is a duplicate', async () => {
    const before = await stored();
    const sent = resolution(visitOne, { choices: { reviewStatus: 'local', reviewComment: 'value' } });
    const first = await send('demo', [sent]);
    expect(first.status).toBe(200);
    expect((first.body as { resolutionResults: unknown }).resolutionResults).toEqual([
      { id: sent.id, status: 'stored' },
    ]);
    const again = await send('demo', [sent, sent]);
    expect((again.body as { resolutionResults: unknown }).resolutionResults).toEqual([
      { id: sent.id, status: 'duplicate' },
      { id: sent.id, status: 'duplicate' },
    ]);
    expect(await stored()).toBe(before + 1);

    const read = await history('demo', `?recordId=${visitOne}`);
    expect(read.status).toBe(200);
    expect(read.body.resolutions).toEqual([
      {
        ...sent,
        userId: expect.any(String),
        username: 'demo',
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('a sync without resolutions answers without resolutionResults (a no-op sync stays as small)', async () => {
    const res = await server.request('demo', 'POST', '/api/sync', { cursors: {}, collections: ['countries'] });
    expect(res.body).not.toHaveProperty('resolutionResults');
  });

  it('refuses a resolution of a record the user may not see, and an id another user sent', async () => {
    const before = await stored();
    const otherOrg = resolution(visitOne);
    const otherDistrict = resolution(visitTwo);
    const missing = resolution(randomUUID());
    const [a, b, c] = await Promise.all([
      send('other', [otherOrg]),
      send('district', [otherDistrict]),
      send('demo', [missing]),
    ]);
    for (const [res, sent] of [
      [a, otherOrg],
      [b, otherDistrict],
      [c, missing],
    ] as const) {
      expect((res.body as { resolutionResults: unknown }).resolutionResults).toEqual([
        { id: sent.id, status: 'rejected', error: expect.objectContaining({ code: 'NOT_FOUND' }) },
      ]);
    }
    // The district officer may record one in their own district; nobody may reuse its id.
    const own = resolution(visitOne);
    expect((await send('district', [own])).body).toMatchObject({ resolutionResults: [{ status: 'stored' }] });
    expect((await send('demo', [own])).body).toMatchObject({
      resolutionResults: [{ status: 'rejected', error: { code: 'BAD_REQUEST', field: 'id' } }],
    });
    expect(await stored()).toBe(before + 1);
  });

  it('refuses bad input whole with a 400 naming the field, writing nothing (not even the push)', async () => {
    const before = await stored();
    const edit = update('schoolVisit', visitOne, 1, { notes: 'must not be written' });
    const cases: [unknown, string][] = [
      [resolution(visitOne, { entity: 'spaceship' }), 'resolutions[0].entity'],
      [resolution(visitOne, { choices: { wingspan: 'local' } }), 'resolutions[0].choices.wingspan'],
      [{ ...resolution(visitOne), kind: 'guessed' }, 'resolutions[0].kind'],
      [{ ...resolution(visitOne), choices: {} }, 'resolutions[0].choices'],
      [{ ...resolution(visitOne), resolvedAt: 'yesterday' }, 'resolutions[0].resolvedAt'],
      [{ ...resolution(visitOne), secret: 1 }, 'resolutions[0].secret'],
    ];
    for (const [bad, field] of cases) {
      const res = await send('demo', [bad], { push: [edit] });
      expect(res.status, field).toBe(400);
      expect(res.body, field).toMatchObject({ error: { code: 'BAD_REQUEST', field } });
    }
    const tooMany = Array.from({ length: 101 }, () => resolution(visitOne));
    expect((await send('demo', tooMany)).body).toMatchObject({ error: { field: 'resolutions' } });
    expect(await stored()).toBe(before);
    const visit = await server.request('demo', 'GET', `/api/school-visits/${visitOne}`);
    expect(visit.body).toMatchObject({ version: 1 });
    expect((visit.body as { notes?: string | null }).notes ?? null).toBeNull();
  });

  it('is read by an administrator of the organisation only, within their districts', async () => {
    expect((await history('district')).status).toBe(403);
    expect((await history('other')).status).toBe(403);
    const inTwo = resolution(visitTwo);
    expect((await send('demo', [inTwo])).body).toMatchObject({ resolutionResults: [{ status: 'stored' }] });
    const all = await history('demo', '?limit=500');
    expect(all.body.resolutions[0]).toMatchObject({ id: inTwo.id, recordId: visitTwo });
    expect(all.body.resolutions.filter((r) => r.recordId === visitOne).length).toBe(2);
    // An administrator limited to District 1 does not see District 2's.
    expect((await new UserAdmin(server.db).setRole('district', 'admin')).ok).toBe(true);
    const theirs = await history('district', '?limit=500');
    expect(theirs.body.resolutions.map((r) => r.recordId)).toEqual([visitOne, visitOne]);
    // An administrator of the second organisation sees none of the first's.
    expect((await new UserAdmin(server.db).setRole('other', 'admin')).ok).toBe(true);
    expect((await history('other')).body.resolutions).toEqual([]);
    expect((await history('demo', '?limit=0')).body).toMatchObject({ error: { field: 'limit' } });
    expect((await history('demo', '?recordId=nope')).body).toMatchObject({ error: { field: 'recordId' } });
  });
});
