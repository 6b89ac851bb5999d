import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpResult, PushOp } from '../../src/shared/protocol/sync.js';
import { type DemoUser, startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { pullAll } from './helpers/pull.js';
import { create, remove, teacherFields, update } from './helpers/records.js';
import { someRecord } from './helpers/subtree.js';

/**
 * Broken object-level authorisation (OWASP API1): every user × endpoint × record in or out of their
 * scope. A user acts on a record only in their scope; elsewhere they get 404s, refusals and nothing
 * of the record's content — never a conflict carrying someone else's data.
 */
type Place = 'demo District 1' | 'demo District 2' | 'other organisation';
const PLACES: Place[] = ['demo District 1', 'demo District 2', 'other organisation'];
const USERS: DemoUser[] = ['demo', 'district', 'other'];
const SEES: Record<DemoUser, Place[]> = {
  demo: ['demo District 1', 'demo District 2'],
  district: ['demo District 1'],
  other: ['other organisation'],
};
/** Who owns each place and can set up records there. */
const ADMIN: Record<Place, DemoUser> = {
  'demo District 1': 'demo',
  'demo District 2': 'demo',
  'other organisation': 'other',
};

const cases = USERS.flatMap((user) => PLACES.map((place) => ({ user, place, allowed: SEES[user].includes(place) })));

describe.each(testDatabases)('tenant and district isolation (%s)', (database) => {
  let server: TestServer;
  const schools = new Map<Place, string>();

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    const district = (name: string) => server.facts?.demo.districts.find((d) => d.name === name)?.id;
    schools.set(
      'demo District 1',
      (await someRecord(server.db, 'schools', sql`district_id = ${district('District 1')}::uuid`)).id,
    );
    schools.set(
      'demo District 2',
      (await someRecord(server.db, 'schools', sql`district_id = ${district('District 2')}::uuid`)).id,
    );
    schools.set(
      'other organisation',
      (await someRecord(server.db, 'schools', sql`organisation_scope = ${server.facts?.other.organisationId}::uuid`))
        .id,
    );
  });
  afterAll(() => server?.close());

  /** A fresh teacher at a place, made by that place's admin. */
  const freshTeacher = async (place: Place) => {
    const op = create('teacher', teacherFields(schools.get(place) ?? ''));
    const [result] = await server.writeAs({ user: ADMIN[place] }, [op]);
    expect(result?.status).toBe('applied');
    return op.id;
  };
  const asAdmin = async (place: Place, id: string) =>
    (await server.request(ADMIN[place], 'GET', `/api/teachers/${id}`)).body;
  /**
   * A record the user may not read is refused exactly as a record that does not exist would be: the
   * same answer with the ids swapped, so a push cannot probe other districts for what is there.
   */
  const expectRefused = async (result: OpResult | undefined, user: DemoUser, asIfMissing: () => PushOp) => {
    expect(result).toMatchObject({ status: 'rejected' });
    expect(JSON.stringify(result)).not.toContain('Amina');
    const probe = asIfMissing();
    const [missing] = await server.writeAs({ user }, [probe]);
    // Every id numbered in order of appearance: the two answers must then be identical.
    const anonymous = (r: OpResult | undefined) => {
      const seen = new Map<string, string>();
      return JSON.stringify(r).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => {
        if (!seen.has(id)) seen.set(id, `<id${seen.size}>`);
        return seen.get(id) ?? id;
      });
    };
    expect(anonymous(result)).toBe(anonymous(missing));
  };

  it.each(cases)('$user reads a record in $place by id: allowed=$allowed', async ({ user, place, allowed }) => {
    const res = await server.request(user, 'GET', `/api/schools/${schools.get(place)}`);
    expect(res.status).toBe(allowed ? 200 : 404);
    if (!allowed) expect(JSON.stringify(res.body)).not.toContain('"name"');
  });

  it.each(USERS)('%s pulls exactly the schools in their scope (collection read and sync)', async (user) => {
    const pulled = (await pullAll(server, user, 'schools')).items.map((s) => s.id);
    const synced =
      (await server.sync(user, { cursors: {} })).changes.find((c) => c.collection === 'schools')?.items ?? [];
    for (const place of PLACES) {
      const id = schools.get(place) ?? '';
      expect(pulled.includes(id), `${user} GET ${place}`).toBe(SEES[user].includes(place));
      expect(
        synced.some((s) => s.id === id),
        `${user} sync ${place}`,
      ).toBe(SEES[user].includes(place));
    }
  });

  it.each(cases)('$user updates a record in $place: allowed=$allowed', async ({ user, place, allowed }) => {
    const id = await freshTeacher(place);
    const [result] = await server.writeAs({ user }, [update('teacher', id, 1, { lastName: 'Changed' })]);
    if (allowed) expect(result).toMatchObject({ status: 'applied', version: 2 });
    else {
      await expectRefused(result, user, () => update('teacher', randomUUID(), 1, { lastName: 'Changed' }));
      expect(await asAdmin(place, id)).toMatchObject({ version: 1, lastName: 'Otieno' });
    }
  });

  it.each(cases)(
    '$user pushes a stale edit of a record in $place: conflict only if allowed=$allowed',
    async ({ user, place, allowed }) => {
      const id = await freshTeacher(place);
      await server.writeAs({ user: ADMIN[place] }, [update('teacher', id, 1, { firstName: 'Secret' })]);
      const [result] = await server.writeAs({ user }, [update('teacher', id, 1, { lastName: 'Stale' })]);
      if (allowed) expect(result).toMatchObject({ status: 'conflict', server: { firstName: 'Secret' } });
      else {
        await expectRefused(result, user, () => update('teacher', randomUUID(), 1, { lastName: 'Stale' }));
        expect(JSON.stringify(result)).not.toContain('Secret');
      }
    },
  );

  it.each(cases)(
    '$user creates over the id of a record in $place: allowed=$allowed',
    async ({ user, place, allowed }) => {
      const id = await freshTeacher(place);
      const mine = schools.get(SEES[user][0] ?? 'demo District 1') ?? '';
      const [result] = await server.writeAs({ user }, [create('teacher', teacherFields(mine), id)]);
      if (allowed) expect(result?.status).toBe('conflict');
      else expect(result).toMatchObject({ status: 'rejected', error: { code: 'CONFLICT', field: 'id' } });
    },
  );

  it.each(cases)('$user deletes a record in $place: allowed=$allowed', async ({ user, place, allowed }) => {
    const id = await freshTeacher(place);
    const [result] = await server.writeAs({ user }, [remove('teacher', id, 1)]);
    if (allowed) expect(result).toMatchObject({ status: 'applied', version: 2 });
    else {
      await expectRefused(result, user, () => remove('teacher', randomUUID(), 1));
      expect(await asAdmin(place, id)).toMatchObject({ deleted: false });
    }
  });

  it.each(cases)('$user adds a child to a record in $place: allowed=$allowed', async ({ user, place, allowed }) => {
    const op = create('teacher', teacherFields(schools.get(place) ?? ''));
    const [result] = await server.writeAs({ user }, [op]);
    if (allowed) expect(result?.status).toBe('applied');
    else {
      await expectRefused(result, user, () => create('teacher', teacherFields(randomUUID())));
      expect((await server.request(ADMIN[place], 'GET', `/api/teachers/${op.id}`)).status).toBe(404);
    }
  });

  it('shows each organisation only its own reference data, and lets district users read but not change it', async () => {
    const demoOrg = server.facts?.demo.organisationId;
    const otherOrg = server.facts?.other.organisationId;
    expect((await server.request('other', 'GET', `/api/organisations/${demoOrg}`)).status).toBe(404);
    expect((await server.request('demo', 'GET', `/api/organisations/${otherOrg}`)).status).toBe(404);
    const districtTwo = server.facts?.demo.districts.find((d) => d.name === 'District 2')?.id;
    const seen = await server.request('district', 'GET', `/api/districts/${districtTwo}`);
    expect(seen.status).toBe(200);
    const version = (seen.body as { version: number }).version;
    const [rename] = await server.writeAs({ user: 'district' }, [
      update('district', districtTwo ?? '', version, { name: 'Mine' }),
    ]);
    expect(rename).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
  });
});
