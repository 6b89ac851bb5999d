import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { type ColumnarChanges, recordsFromColumns, type SyncFormat } from '../../src/shared/protocol/columns.js';
import type { RecordChanges, SyncResponse } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, remove, schoolFields, update, visitFields } from './helpers/records.js';
import { someRecord } from './helpers/subtree.js';

/** A device as the protocol describes it: live records by collection, id → version, and its cursors. */
class Replica {
  readonly live = new Map<string, Map<string, number>>();
  cursors: Record<string, string> = {};
  requests = 0;

  apply(response: SyncResponse): void {
    for (const group of response.removals ?? []) {
      for (const id of group.ids) this.live.get(group.collection)?.delete(id);
    }
    for (const group of response.changes as readonly (RecordChanges | ColumnarChanges)[]) {
      const records = this.live.get(group.collection) ?? new Map<string, number>();
      this.live.set(group.collection, records);
      const items = 'columns' in group ? recordsFromColumns(group) : { ok: true as const, value: group.items };
      if (!items.ok) throw new Error(items.error);
      for (const item of items.value) {
        if (item.deleted) records.delete(item.id);
        else if ((records.get(item.id) ?? 0) < item.version) records.set(item.id, item.version);
      }
    }
    this.cursors = { ...this.cursors, ...response.cursors };
  }

  /** Sorted `collection/id@version` of every live record. */
  state(): string[] {
    return [...this.live]
      .flatMap(([collection, records]) => [...records].map(([id, version]) => `${collection}/${id}@${version}`))
      .sort();
  }
}

describe.each(testDatabases)('a change of districts reaches the device without a resync (%s)', (database) => {
  let server: TestServer;
  let admin: UserAdmin;
  let districtOne: string;
  let districtTwo: string;

  /** Syncs to the end in pages of `limit`, calling `between` after each page (concurrent writers). */
  const syncReplica = async (
    replica: Replica,
    limit: number,
    between?: (page: number) => Promise<void>,
    format: SyncFormat = 'records',
    clientId?: string,
  ) => {
    for (let page = 0; page < 10_000; page++) {
      const response = await server.sync('district', {
        cursors: replica.cursors,
        limit,
        format,
        ...(clientId ? { clientId } : {}),
      });
      replica.requests++;
      replica.apply(response);
      if (!response.hasMore) return;
      await between?.(page);
    }
    throw new Error('sync did not end');
  };
  const fresh = async () => {
    const replica = new Replica();
    await syncReplica(replica, 10_000);
    return replica.state();
  };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    admin = new UserAdmin(server.db);
    const districts = server.facts?.demo.districts ?? [];
    districtOne = districts.find((d) => d.name === 'District 1')?.id ?? '';
    districtTwo = districts.find((d) => d.name === 'District 2')?.id ?? '';
  });
  afterAll(() => server?.close());

  it('District 1 → District 2 ends with exactly District 2’s records, then District 1 + 2 keeps both', async () => {
    await admin.setDistricts('district', [districtOne]);
    const device = new Replica();
    await syncReplica(device, 10_000);
    const inOne = await fresh();
    expect(device.state()).toEqual(inOne);

    expect(await admin.setDistricts('district', [districtTwo])).toMatchObject({ ok: true });
    await syncReplica(device, 37);
    const inTwo = await fresh();
    expect(inTwo).not.toEqual(inOne);
    expect(device.state()).toEqual(inTwo);
    const schools = await server.db.execute(
      sql`SELECT count(*)::int AS n FROM schools WHERE district_id = ${districtOne}::uuid`,
    );
    expect(Number((schools as unknown as { rows: { n: number }[] }).rows[0]?.n)).toBeGreaterThan(0);

    expect(await admin.setDistricts('district', [districtTwo, districtOne])).toMatchObject({ ok: true });
    await syncReplica(device, 50);
    const both = await fresh();
    expect(both.length).toBeGreaterThan(inTwo.length);
    expect(device.state()).toEqual(both);

    // Up to date: one request, nothing in it.
    const before = device.requests;
    const response = await server.sync('district', { cursors: device.cursors });
    expect(response).toMatchObject({ changes: [], hasMore: false });
    expect(response.removals).toBeUndefined();
    expect(device.requests - before).toBe(0);
  });

  it('removals of records that left the districts: after a given time only, and in pages smaller than their number', async () => {
    await admin.setDistricts('district', [districtOne]);
    const schools = Array.from({ length: 5 }, () => create('school', schoolFields(districtOne, 'Moving Primary')));
    expect((await server.writeAs({ user: 'demo' }, schools)).map((r) => r.status)).toEqual(
      schools.map(() => 'applied'),
    );
    const device = new Replica();
    await syncReplica(device, 10_000);
    const ids = schools.map((school) => school.id);
    expect(ids.every((id) => device.live.get('schools')?.has(id))).toBe(true);

    const beforeMoves = new Date().toISOString();
    const moves = ids.map((id) => update('school', id, 1, { districtId: districtTwo }));
    expect((await server.writeAs({ user: 'demo' }, moves)).map((r) => r.status)).toEqual(moves.map(() => 'applied'));
    // A seed-style client reading from a time gets the removals after that time only.
    const removedSince = async (after: string) => {
      const response = await server.sync('district', { cursors: { schools: after }, collections: ['schools'] });
      // A record that left the user's districts comes as a tombstone in the feed.
      return (response.changes as readonly RecordChanges[])
        .flatMap((group) => group.items)
        .filter((item) => item.deleted && ids.includes(item.id))
        .map((item) => item.id);
    };
    expect((await removedSince(beforeMoves)).sort()).toEqual([...ids].sort());
    expect(await removedSince(new Date(Date.now() + 1000).toISOString())).toEqual([]);
    const before = device.requests;
    await syncReplica(device, 2);
    // Five removals, two a page: the pages that end early must say more is waiting, or the rest are lost.
    expect(device.requests - before).toBeGreaterThanOrEqual(3);
    expect(ids.filter((id) => device.live.get('schools')?.has(id))).toEqual([]);
    expect(device.state()).toEqual(await fresh());
  });

  it('a district given back brings back the records this device wrote there itself', async () => {
    await admin.setDistricts('district', [districtOne]);
    const clientId = randomUUID();
    const device = new Replica();
    await syncReplica(device, 10_000, undefined, 'records', clientId);
    const school = await someRecord(server.db, 'schools', sql`district_id = ${districtOne}::uuid`);
    const visit = create('schoolVisit', visitFields(school.id));
    const pushed = await server.sync('district', { cursors: device.cursors, push: [visit], clientId });
    expect(pushed.results.map((r) => r.status)).toEqual(['applied']);
    device.apply(pushed);
    // The device holds what it wrote (the feed never echoes a device's own writes back to it).
    const visits = device.live.get('school-visits') ?? new Map<string, number>();
    device.live.set('school-visits', visits);
    visits.set(visit.id, 1);

    // Another visit there, which the device gets and which is deleted while the district is away.
    const gone = create('schoolVisit', visitFields(school.id));
    expect((await server.writeAs({ user: 'demo' }, [gone])).map((r) => r.status)).toEqual(['applied']);
    await syncReplica(device, 10_000, undefined, 'records', clientId);
    expect(device.live.get('school-visits')?.get(gone.id)).toBe(1);

    expect(await admin.setDistricts('district', [districtTwo])).toMatchObject({ ok: true });
    await syncReplica(device, 10_000, undefined, 'records', clientId);
    expect(device.live.get('school-visits')?.has(visit.id)).toBe(false);
    expect((await server.writeAs({ user: 'demo' }, [remove('schoolVisit', gone.id, 1)]))[0]?.status).toBe('applied');

    expect(await admin.setDistricts('district', [districtOne, districtTwo])).toMatchObject({ ok: true });
    const delivered: string[] = [];
    const apply = device.apply.bind(device);
    device.apply = (response) => {
      for (const group of response.changes as readonly RecordChanges[]) {
        for (const item of group.items) delivered.push(`${item.id}${item.deleted ? ' deleted' : ''}`);
      }
      apply(response);
    };
    await syncReplica(device, 10_000, undefined, 'records', clientId);
    // It let the visit go with the district; the catch-up must send it back although this device wrote it.
    expect(device.live.get('school-visits')?.get(visit.id)).toBe(1);
    expect(device.state()).toEqual(await fresh());
    // The catch-up sends the district's live records up to the device's cursor, the feed what came after
    // (the deletion, once): nothing twice.
    expect(delivered.filter((item) => item.startsWith(gone.id))).toEqual([`${gone.id} deleted`]);
    expect(delivered.length - new Set(delivered).size).toBe(0);
  });

  it('misses nothing and revives nothing while a writer edits both districts during the change', async () => {
    await admin.setDistricts('district', [districtOne]);
    const device = new Replica();
    await syncReplica(device, 10_000);
    let round = 0;
    const write = async () => {
      round++;
      for (const district of [districtOne, districtTwo]) {
        const school = await someRecord(server.db, 'schools', sql`district_id = ${district}::uuid`);
        const visit = await someRecord(
          server.db,
          'school_visits',
          sql`school_id IN (SELECT id FROM schools WHERE district_id = ${district}::uuid)`,
        );
        const results = await server.writeAs({ user: 'demo' }, [
          update('school', school.id, school.version, { enrolment: 100 + round }),
          update('schoolVisit', visit.id, visit.version, { monitorName: `Writer ${round}` }),
          create('schoolVisit', visitFields(school.id)),
        ]);
        expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      }
    };
    await write();
    const change = admin.setDistricts('district', [districtTwo]);
    await write();
    await change;
    await syncReplica(
      device,
      23,
      async (page) => {
        if (page % 3 === 0) await write();
        // Given back and taken away again in the middle of the catch-up: it starts over.
        if (page === 4) await admin.setDistricts('district', [districtOne, districtTwo]);
        if (page === 7) await admin.setDistricts('district', [districtTwo]);
      },
      'columns',
    );
    await write();
    await syncReplica(device, 23);
    expect(device.state()).toEqual(await fresh());
  });
});
