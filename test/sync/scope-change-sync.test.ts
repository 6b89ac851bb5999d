import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { ServerApi } from '../../src/main/sync/server-api.js';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { queryRows } from '../../src/server/db/server-database.js';
import { visitFields } from '../server/helpers/records.js';
import { testDatabases } from '../support/test-server.js';
import { type EngineServer, openClient, startEngineServer, type TestClient, tempDir } from './helpers/engine-env.js';
import { diffSnapshots, serverSnapshot, storeSnapshot } from './helpers/replica.js';

const DISTRICT_USER = { username: 'district', password: 'district' } as const;

describe.each(testDatabases)('the app after its user’s districts change (%s)', (database) => {
  let env: EngineServer;
  let tmp: ReturnType<typeof tempDir>;
  let admin: UserAdmin;
  let fresh: ServerApi;
  let districtOne: string;
  let districtTwo: string;
  let device: TestClient;

  beforeAll(async () => {
    env = await startEngineServer('tiny', { database });
    tmp = tempDir('fieldsync-scope-');
    admin = new UserAdmin(env.server.db);
    // A brand-new device of the same user: what a full download gives now.
    fresh = new ServerApi({ baseUrl: env.server.url, credentials: DISTRICT_USER });
    const districts = env.server.facts?.demo.districts ?? [];
    districtOne = districts.find((d) => d.name === 'District 1')?.id ?? '';
    districtTwo = districts.find((d) => d.name === 'District 2')?.id ?? '';
    device = openClient(env.server.url, join(tmp.dir, 'device.db'), {
      client: { credentials: DISTRICT_USER, pageLimit: 40 },
    });
  });
  afterAll(async () => {
    device?.close();
    fresh?.close();
    await env?.close();
    tmp?.cleanup();
  });

  const sync = async () => {
    const summary = await device.client.engine.sync();
    expect(summary.error).toBeUndefined();
    return summary;
  };
  const localIds = (table: string, where: string) =>
    (
      rawConnection(device.store).sqlite.prepare(`SELECT id FROM ${table} WHERE ${where} ORDER BY id`).all() as {
        id: string;
      }[]
    ).map((r) => r.id);
  /** A record of a district, and a second writer's edit of it (the demo user sees every district). */
  const editOnServer = async (table: string, entity: string, district: string, changes: Record<string, unknown>) => {
    const [row] = await queryRows<{ id: string; version: number }>(
      env.server.db,
      sql`SELECT t.id::text AS id, t.version FROM ${sql.identifier(table)} t
          WHERE NOT t.deleted AND t.district_scope = ${district}::uuid ORDER BY t.id DESC LIMIT 1`,
    );
    if (!row) throw new Error(`no ${table} in ${district}`);
    const [result] = await env.server.writeAs({ user: 'demo' }, [
      { opId: crypto.randomUUID(), entity, id: row.id, baseVersion: row.version, changes },
    ]);
    expect(result?.status).toBe('applied');
  };

  it('District 1 → District 2: exactly District 2’s records; unsent edits in District 1 wait, named, never lost', async () => {
    await sync();
    expect(diffSnapshots(await serverSnapshot(fresh), storeSnapshot(device.store).live)).toEqual([]);
    const [school] = localIds('schools', `district_id = '${districtOne}' AND _deleted = 0`);
    const [otherSchool] = localIds('schools', `district_id = '${districtOne}' AND _deleted = 0`).slice(1);
    if (!school || !otherSchool) throw new Error('District 1 has fewer than two schools');
    // Unsent when the district goes: an edit of a school, a visit created under another.
    expect(device.store.updateRecord('school', school, { headTeacher: 'Edited offline' }).ok).toBe(true);
    const created = device.store.createRecord('schoolVisit', visitFields(otherSchool));
    expect(created).toMatchObject({ ok: true });
    const visitId = created.ok ? created.value.id : '';

    // Another writer edits both districts around the change.
    await editOnServer('schools', 'school', districtOne, { headTeacher: 'Before, District 1' });
    await editOnServer('school_visits', 'schoolVisit', districtTwo, { monitorName: 'Before, District 2' });
    expect(await admin.setDistricts('district', [districtTwo])).toMatchObject({ ok: true });
    await editOnServer('schools', 'school', districtTwo, { headTeacher: 'After, District 2' });
    await editOnServer('school_visits', 'schoolVisit', districtOne, { monitorName: 'After, District 1' });

    await device.client.engine.sync();
    const expected = await serverSnapshot(fresh);
    const { live } = storeSnapshot(device.store);
    // Everything but the two records held for their unsent changes is exactly a fresh download.
    const differing = diffSnapshots(expected, live, 100).map((line) => line.slice(0, line.indexOf(':')));
    expect(differing.sort()).toEqual([`school-visits/${visitId}`, `schools/${school}`].sort());
    expect(Object.keys(expected.schools ?? {}).length).toBeGreaterThan(0);
    expect(localIds('schools', `district_id = '${districtTwo}' AND _deleted = 0`).length).toBeGreaterThan(0);

    const waiting = device.store.listOutbox();
    const named = { key: 'errors:record.outOfScope', values: { district: 'District 1' } };
    expect(waiting.map((op) => [op.recordId, op.state, op.lastError?.code, op.lastError?.text])).toEqual(
      expect.arrayContaining([
        [school, 'needs_attention', 'OUT_OF_SCOPE', named],
        [visitId, 'needs_attention', 'OUT_OF_SCOPE', named],
      ]),
    );
    expect(waiting).toHaveLength(2);

    // The officer discards them: then the store is exactly District 2.
    for (const op of waiting) expect(device.store.discardOp(op.opId).ok).toBe(true);
    expect(device.store.listOutbox()).toEqual([]);
    const after = storeSnapshot(device.store);
    expect(after.unsynced).toEqual([]);
    expect(diffSnapshots(expected, after.live)).toEqual([]);
  });

  it('District 2 → District 1 + 2 keeps District 2 and brings District 1 back; then a sync is one request', async () => {
    expect(await admin.setDistricts('district', [districtTwo, districtOne])).toMatchObject({ ok: true });
    await editOnServer('schools', 'school', districtOne, { headTeacher: 'While away' });
    await sync();
    const { live, unsynced } = storeSnapshot(device.store);
    expect(unsynced).toEqual([]);
    expect(diffSnapshots(await serverSnapshot(fresh), live)).toEqual([]);
    expect(localIds('schools', `district_id = '${districtOne}' AND _deleted = 0`).length).toBeGreaterThan(0);

    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0, requests: 1 });
  });
});
