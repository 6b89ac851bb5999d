import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPaths, libraryFolderOf } from '../../src/main/photos/library-paths.js';
import { LocalStore } from '../../src/main/store/local-store.js';
import { queryRows } from '../../src/server/db/server-database.js';
import { nth } from '../support/nth.js';
import { makePhoto, writeCard } from './support/make-card.js';
import { startPhotoServer } from './support/photo-server.js';
import { queueBlob } from './support/queue-blob.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

describe('npm run photos -- import', () => {
  let ps: Awaited<ReturnType<typeof startPhotoServer>>;
  beforeAll(async () => {
    ps = await startPhotoServer();
  });
  afterAll(() => ps.close());

  /** Runs the CLI: its exit code and its JSON output. */
  const exec = async (card: string, db: string): Promise<{ code: number; out: Record<string, unknown> }> => {
    const args = [
      '--import',
      'tsx',
      'scripts/photos-cli.ts',
      'import',
      card,
      '--server',
      ps.url,
      '--user',
      'demo',
      '--password',
      'demo',
      '--db',
      db,
    ];
    const ran = await run(process.execPath, args, { cwd: root, timeout: 120_000 }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
    );
    return { code: ran.code, out: JSON.parse(ran.stdout) as Record<string, unknown> };
  };
  const cli = async (card: string, db: string) => {
    const { code, out } = await exec(card, db);
    expect(code).toBe(0);
    return out;
  };
  /** A database with one photo queued for upload, as an earlier run that was killed left it. */
  const leftByEarlierRun = async (size: number) => {
    const db = join(await mkdtemp(join(tmpdir(), 'fieldsync-cli-app-')), 'store.sqlite');
    const store = LocalStore.open({ path: db });
    const library = new LibraryPaths(libraryFolderOf(db));
    const blob = await queueBlob(store, library, size, ps.visits.inDistrict);
    store.close();
    return { db, library, blob };
  };

  it('a missing folder is a JSON error with exit code 2, not a stack trace', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'fieldsync-cli-app-')), 'store.sqlite');
    const { code, out } = await exec(join(tmpdir(), 'no-such-card-here'), db);
    expect(code).toBe(2);
    expect(out).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('no-such-card-here') } });
  });

  it('uploads left by an earlier run go up with this one and count in bytesUploaded', async () => {
    const { db, blob } = await leftByEarlierRun(300_000);
    const card = await mkdtemp(join(tmpdir(), 'fieldsync-cli-card-'));
    const out = await cli(card, db);
    expect(out).toMatchObject({ imported: 0, bytesUploaded: blob.size, uploadsWaiting: 0 });
  });

  it('exits non-zero while photos remain unsent, on every run, not only the first', async () => {
    const { db, library, blob } = await leftByEarlierRun(100_000);
    await rm(library.blob(blob.sha256));
    const card = await mkdtemp(join(tmpdir(), 'fieldsync-cli-card-'));
    const first = await exec(card, db);
    expect(first).toMatchObject({ code: 1, out: { uploadsWaiting: 1 } });
    const again = await exec(card, db);
    expect(again).toMatchObject({ code: 1, out: { uploadsWaiting: 1 } });
  });

  it('syncs, imports a card onto its visit, uploads it and pushes the records; a second import uploads 0 bytes', async () => {
    const [visit] = await queryRows<{ id: string; day: string; lat: number; lon: number }>(
      ps.server.db,
      sql`SELECT v.id, v.visit_date::text AS day, s.latitude AS lat, s.longitude AS lon FROM school_visits v
          JOIN schools s ON s.id = v.school_id WHERE s.latitude IS NOT NULL AND v.id = ${ps.visits.inDistrict}`,
    );
    if (!visit) throw new Error('seed visit without school position');
    const takenAt = `${visit.day.replaceAll('-', ':')} 10:00:00`;
    const card = await mkdtemp(join(tmpdir(), 'fieldsync-cli-card-'));
    const shots = [1, 2, 3].map((seed) =>
      makePhoto({ seed: 500 + seed, takenAt, gps: { lat: visit.lat, lon: visit.lon }, edge: 128 }),
    );
    await writeCard(card, {
      'DCIM/100CANON/IMG_0001.JPG': await nth(shots, 0),
      'DCIM/100CANON/IMG_0002.JPG': await nth(shots, 1),
      'DCIM/101CANON/IMG_0001.JPG': await nth(shots, 2),
      'DCIM/100CANON/README.TXT': 'not a photo',
    });
    const db = join(await mkdtemp(join(tmpdir(), 'fieldsync-cli-app-')), 'store.sqlite');

    const first = await cli(card, db);
    expect(first).toMatchObject({ filesSeen: 4, imported: 3, duplicates: [], uploadsFailed: 0 });
    expect(first.skipped).toEqual([
      {
        path: 'DCIM/100CANON/README.TXT',
        reason: 'not-an-image',
        message: expect.any(String),
        text: { key: 'photo-import:skip.notAnImage' },
      },
    ]);
    expect(first.bytesUploaded).toBe(first.bytesImported);
    expect(first.ms).toBeGreaterThan(0);
    const records = await queryRows<{ n: number }>(
      ps.server.db,
      sql`SELECT count(*)::int AS n FROM photos WHERE school_visit_id = ${visit.id}`,
    );
    expect(records[0]?.n).toBe(3);
    // The library sits where the app keeps an account's photos: beside the database, named after it.
    const library = join(dirname(db), 'store-photos');
    expect(
      (await readdir(library, { recursive: true })).filter((f) => /^[0-9a-f]{2}[\\/][0-9a-f]{64}$/.test(f)),
    ).toHaveLength(3);

    const second = await cli(card, db);
    expect(second).toMatchObject({ filesSeen: 4, imported: 0, bytesUploaded: 0 });
    expect(second.duplicates).toHaveLength(3);
  });
});
