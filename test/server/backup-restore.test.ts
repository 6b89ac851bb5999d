import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/server/create-server-app.js';
import { openServerDatabase } from '../../src/server/db/open-server-database.js';
import { renewEpoch } from '../../src/server/sync/feed-head.js';
import type { SyncResponse } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { create, schoolFields } from './helpers/records.js';

const url = process.env.TEST_DATABASE_URL;
const describePg = url ? describe : describe.skip;
if (!url) console.warn('backup/restore test skipped: set TEST_DATABASE_URL to run pg_dump/pg_restore on PostgreSQL');

/**
 * The documented restore (docs/SERVER.md, Backups): pg_dump, pg_restore into a new database, then
 * `npm run admin -- db new-epoch` before any server starts on it. A device that synced after the backup
 * holds cursors past the restored head: once the restored database writes past them, a cursor of the
 * old history would be taken as valid and the changes under it skipped for good. The new epoch makes
 * every old cursor a RESYNC answer instead.
 */
describePg('backup and restore on PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldsync-backup-'));
  const restoredName = `fieldsync_test_${process.pid}_restored_${randomUUID().slice(0, 8)}`;
  let server: TestServer | undefined;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  afterAll(async () => {
    await server?.close();
    await admin(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a device that synced after the backup is told to download again, never left skipping changes', async () => {
    const live = await startTestServer({ seed: 'tiny', database: 'postgres' });
    server = live;
    const districtId = server.facts?.demo.districts[0]?.id ?? '';
    const { token } = await server.login('demo');
    const drain = async (from: string | null) => {
      let cursor = from;
      for (;;) {
        const page: SyncResponse = await live.sync('demo', {
          cursors: { schools: cursor },
          collections: ['schools'],
        });
        cursor = page.cursors.schools ?? cursor;
        if (!page.hasMore) return cursor;
      }
    };
    await drain(null);
    const dump = join(dir, 'fieldsync.dump');
    execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, server.databaseUrl ?? '']);

    // After the backup: new schools, and the device pulls them (its cursor passes the backup's head).
    await server.writeAs(
      {},
      [1, 2, 3].map((n) => create('school', schoolFields(districtId, `After backup ${n}`))),
    );
    const afterBackup = await drain(null);

    await admin(`CREATE DATABASE "${restoredName}"`);
    const restoredUrl = new URL(url ?? '');
    restoredUrl.pathname = `/${restoredName}`;
    execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredUrl}`, dump]);
    const restored = await openServerDatabase({ databaseUrl: restoredUrl.toString() });
    const pull = async (cursor: string | null) => {
      const app = await createServerApp({ database: restored });
      try {
        const res = await app.inject({
          method: 'POST',
          url: '/api/sync',
          headers: { authorization: `Bearer ${token}` },
          payload: { cursors: { schools: cursor }, collections: ['schools'] },
        });
        return { status: res.statusCode, body: res.json() as { error?: { code: string } } & Partial<SyncResponse> };
      } finally {
        await app.close();
      }
    };
    try {
      // The danger the new epoch removes: once the restored database writes past the device's cursor,
      // the old cursor is accepted and what was written under it never reaches the device.
      const head = await pull(afterBackup);
      expect(head).toMatchObject({ status: 410, body: { error: { code: 'RESYNC' } } });
      const writer = await createServerApp({ database: restored });
      const { token: writerToken } = (
        await writer.inject({ method: 'POST', url: '/api/auth/login', payload: server.users.demo })
      ).json() as { token: string };
      const later = [1, 2, 3, 4, 5].map((n) => create('school', schoolFields(districtId, `Restored ${n}`)));
      await writer.inject({
        method: 'POST',
        url: '/api/sync',
        headers: { authorization: `Bearer ${writerToken}` },
        payload: { cursors: {}, push: later, clientId: randomUUID(), limit: 1 },
      });
      await writer.close();
      const skipped = await pull(afterBackup);
      expect(skipped.status).toBe(200);
      const delivered = (skipped.body.changes ?? []).flatMap((c) => c.items.map((i) => i.id));
      expect(later.filter((op) => !delivered.includes(op.id)).length).toBeGreaterThan(0);

      // The documented step: a new epoch. Every old cursor is now RESYNC; a fresh pull works.
      await renewEpoch(restored.db);
      expect(await pull(afterBackup)).toMatchObject({ status: 410, body: { error: { code: 'RESYNC' } } });
      expect((await pull(null)).status).toBe(200);
    } finally {
      await restored.close();
    }
  }, 180_000);
});
