import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkTarget } from '../../src/main/app/data-folder/copy-data-folder.js';
import { backUpDatabase, isSqliteFile, verifyDatabaseCopy } from '../../src/main/app/data-folder/sqlite-copy.js';
import { setLogSink } from '../../src/main/app/logger.js';
import { accountKey } from '../../src/main/app/open-account.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { coreSuite } from './helpers/core-suite.js';
import type { CoreUnderTest, ShellAnswers } from './helpers/core-under-test.js';

setLogSink(() => undefined);

const suite = coreSuite();
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder that is removed after the test. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

const PHOTO = Buffer.from('not really a jpeg, but bytes to keep');

/**
 * Signed in with the first sync done, one edit waiting in the outbox (the server is stopped before
 * it), and a photo in the account's staging folder. The folder dialog answers `target()`.
 */
async function signedInWithData(target: () => string | null, shell: ShellAnswers = {}) {
  const { server } = suite;
  await server.start();
  const app = await suite.core({ chooseFolder: async () => target(), ...shell });
  const finished = (e: AppEvent) => e.kind === 'sync:finished';
  const first = app.next(finished);
  const signedIn = await app.core.handlers['session:signIn']({
    serverUrl: server.url,
    username: 'demo',
    password: 'demo',
  });
  expect(signedIn.ok).toBe(true);
  await first;
  const account = app.core.session.account();
  if (!account.ok) throw new Error('not signed in');
  const key = accountKey(account.value.account);
  const visit = (await app.core.handlers['graph:visits']({ offset: 0, limit: 1 })) as {
    ok: true;
    value: { items: { id: string }[] };
  };
  const visitId = visit.value.items[0]?.id ?? '';
  await server.stop();
  const review = await app.core.handlers['visit:review']({ visitId, decision: 'approved', comment: 'Moved with me' });
  expect(review.ok).toBe(true);
  const photos = join(app.dir, 'accounts', `${key}-photos`, 'originals');
  mkdirSync(photos, { recursive: true });
  writeFileSync(join(photos, 'IMG_0001.JPG'), PHOTO);
  return { app, key, visitId, database: join(app.dir, 'accounts', `${key}.db`) };
}

/** Rows per table of a database file, read while nothing else has it open for writing. */
function rowCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
      name: string;
    }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

/** The open account's database file, its pending edits and whether it reads. */
function accountState(core: CoreUnderTest) {
  const account = core.core.session.account();
  if (!account.ok) throw new Error('signed out');
  const { store } = account.value;
  return {
    file: store.sqlite.name,
    // Sending or backing off, the edit is still in the outbox.
    waiting: Object.values(store.outboxCounts()).reduce((a, b) => a + b, 0),
    visits: (store.sqlite.prepare('select count(*) as n from school_visits').get() as { n: number }).n,
  };
}

describe('moving the data folder', () => {
  it('moves the database, the photos and the settings, keeps the account open on the copy, then removes the old', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, key, visitId, database } = await signedInWithData(() => target);
    const before = accountState(app);
    expect(before.file).toBe(database);
    expect(before.waiting).toBe(1);

    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(moved).toMatchObject({ ok: true, value: { dataFolder: target } });

    const after = accountState(app);
    expect(after).toEqual({ ...before, file: join(target, 'accounts', `${key}.db`) });
    expect(app.core.session.state().signedIn).toBe(true);
    expect(readFileSync(join(target, 'accounts', `${key}-photos`, 'originals', 'IMG_0001.JPG'))).toEqual(PHOTO);
    expect(JSON.parse(readFileSync(join(target, 'settings.json'), 'utf8'))).toMatchObject({
      account: { username: 'demo' },
    });
    // The old copy goes once the new one is in use.
    expect(existsSync(app.dir)).toBe(false);

    // Work goes on in the new folder: the edit is still waiting, settings are written there.
    const graph = await app.core.handlers['graph:visit']({ id: visitId });
    expect(graph).toMatchObject({ ok: true, value: { visit: { fields: { reviewComment: 'Moved with me' } } } });
    await app.core.handlers['settings:set']({ syncIntervalMinutes: 45 });
    expect(JSON.parse(readFileSync(join(target, 'settings.json'), 'utf8')).syncIntervalMinutes).toBe(45);
    await app.core.handlers['session:signOut'](undefined);
    expect(rowCounts(join(target, 'accounts', `${key}.db`)).outbox).toBe(1);
  });

  it('keeps the old folder in use and whole when the target cannot be written', async () => {
    // A folder under a file can never be created, whoever runs the test (root included).
    const blocker = join(tempDir('fieldsync-move-'), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const { app, database } = await signedInWithData(() => join(blocker, 'Fieldsync data'));
    const before = accountState(app);

    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(moved).toMatchObject({ ok: false, error: { code: 'FILE', message: expect.stringContaining(app.dir) } });
    expect(moved.ok ? '' : moved.error.message).toContain('a folder cannot be made there');
    expect(moved.ok ? '' : moved.error.detail).toMatch(/ENOTDIR/);

    expect(accountState(app)).toEqual(before);
    const settings = await app.core.handlers['settings:get'](undefined);
    expect(settings).toMatchObject({ ok: true, value: { dataFolder: app.dir } });
    await app.core.handlers['session:signOut'](undefined);
    expect(rowCounts(database).outbox).toBe(1);
  });

  it('keeps the old folder in use and whole after failing half way, leaving nothing in the target', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, database } = await signedInWithData(() => target);
    // Copied in name order: the accounts folder (database, photos) and the settings first, then this.
    execFileSync('mkfifo', [join(app.dir, 'zz-pipe')]);
    const before = accountState(app);

    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(moved).toMatchObject({ ok: false, error: { code: 'FILE' } });
    expect(moved.ok ? '' : moved.error.detail).toContain('zz-pipe');
    expect(existsSync(target)).toBe(false);

    expect(accountState(app)).toEqual(before);
    expect(readdirSync(app.dir).sort()).toEqual(['accounts', 'settings.json', 'zz-pipe']);
    await app.core.handlers['session:signOut'](undefined);
    const integrity = new Database(database, { readonly: true });
    expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
    integrity.close();
    expect(rowCounts(database).outbox).toBe(1);
  });

  it('goes back to the old folder when the new one cannot be recorded for the next start', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, database } = await signedInWithData(() => target, {
      setDataFolder: () => {
        throw new Error('EACCES: the location file is read-only');
      },
    });
    const before = accountState(app);
    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(moved).toMatchObject({ ok: false, error: { code: 'FILE', detail: expect.stringContaining('EACCES') } });
    expect(accountState(app)).toEqual(before);
    // The chosen folder is left as it was given: empty.
    expect(readdirSync(target)).toEqual([]);
    await app.core.handlers['session:signOut'](undefined);
    expect(rowCounts(database).outbox).toBe(1);
  });
});

describe('the target of a move', () => {
  const from = join(tmpdir(), 'fieldsync-data');
  it('must be another, empty folder, neither inside the data folder nor around it', () => {
    const full = tempDir('fieldsync-full-');
    writeFileSync(join(full, 'x'), '');
    const refusals = [from, join(from, 'inside'), tmpdir(), full, join(full, 'x'), 'relative/path'].map((to) => {
      const checked = checkTarget(from, to);
      return checked.ok ? 'ok' : checked.error.message;
    });
    expect(refusals).toEqual([
      'Your data is already in this folder',
      'Choose a folder outside the current data folder (and not one that contains it)',
      'Choose a folder outside the current data folder (and not one that contains it)',
      'Choose an empty folder: this one already holds files',
      'Choose a folder, not a file',
      'Choose a folder by its full path',
    ]);
    expect(checkTarget(from, join(tempDir('fieldsync-empty-'), 'new')).ok).toBe(true);
  });
});

describe('a database copy', () => {
  it('is taken with the backup API, WAL included, and checked table by table', async () => {
    const dir = tempDir('fieldsync-sqlite-');
    const [from, to] = [join(dir, 'a.db'), join(dir, 'b.db')];
    const db = new Database(from);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('create table t (x); insert into t values (1), (2), (3)');
    // Left open: the rows are only in the WAL, which a plain file copy would miss.
    await backUpDatabase(from, to);
    expect(isSqliteFile(to)).toBe(true);
    expect(verifyDatabaseCopy(from, to)).toBeNull();
    db.close();
    const copy = new Database(to);
    copy.exec('delete from t where x = 3');
    copy.close();
    expect(verifyDatabaseCopy(from, to)).toBe('table t has 2 rows, the original 3');
    writeFileSync(to, 'SQLite format 3\0 but nothing after');
    expect(() => verifyDatabaseCopy(from, to)).toThrow();
  });
});
