import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkTarget } from '../../src/main/app/data-folder/copy-data-folder.js';
import { setLogSink } from '../../src/main/log.js';
import { backUpDatabase, isSqliteFile, verifyDatabaseCopy } from '../../src/main/store/database-copy.js';
import { inEnglish } from '../../src/shared/i18n/officer-error.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import { coreSuite } from './helpers/core-suite.js';
import type { CoreUnderTest } from './helpers/core-under-test.js';
import {
  accountState,
  isMoveProgress,
  PHOTO,
  rowCounts,
  scratchFolders,
  signedInWithData,
} from './helpers/moving-data.js';
import { makeUndeletable } from './helpers/undeletable.js';

setLogSink(() => undefined);

const suite = coreSuite();

/** The signed-in account's store client id. */
function storeClientId(app: CoreUnderTest): string | undefined {
  const open = app.core.session.account();
  return open.ok ? open.value.store.clientId() : undefined;
}
const tempDir = scratchFolders();

describe('moving the data folder', () => {
  it('moves the database, the photos and the settings, keeps the account open on the copy, then removes the old', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, key, visitId, database } = await signedInWithData(suite, () => target);
    const before = accountState(app);
    expect(before.file).toBe(database);
    expect(before.waiting).toBe(1);
    const clientId = storeClientId(app);

    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(moved).toMatchObject({
      ok: true,
      value: { settings: { dataFolder: target }, moved: { from: app.dir, to: target, databases: 1, leftBehind: null } },
    });

    const after = accountState(app);
    expect(after).toEqual({ ...before, file: join(target, 'accounts', `${key}.db`) });
    // A move keeps the store's client id (a new one would be refused on the session the old one opened).
    expect(storeClientId(app)).toBe(clientId);
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
    const { app, database } = await signedInWithData(suite, () => join(blocker, 'Fieldsync data'));
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

  it('refuses a folder holding something that is neither a file nor a folder, before copying anything', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app } = await signedInWithData(suite, () => target);
    execFileSync('mkfifo', [join(app.dir, 'zz-pipe')]);
    const before = accountState(app);

    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(moved).toMatchObject({ ok: false, error: { code: 'FILE' } });
    expect(moved.ok ? '' : moved.error.message).toContain('zz-pipe is not a file or folder that can be copied');
    expect(app.events.filter(isMoveProgress).map((e) => e.progress.phase)).toEqual(['preparing', 'finished']);
    expect(existsSync(target)).toBe(false);
    expect(accountState(app)).toEqual(before);
  });

  it('refuses a cloud-synced folder and a folder inside the data reached through a link, copying nothing', async () => {
    const scratch = tempDir('fieldsync-move-');
    let target = join(scratch, 'Dropbox', 'Fieldsync data');
    const { app } = await signedInWithData(suite, () => target);
    const before = accountState(app);
    const cloud = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(cloud).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/synced by OneDrive, Dropbox/) },
    });
    expect(existsSync(target)).toBe(false);
    // A link to the data folder: by its path the target is elsewhere; resolved, it is inside the data.
    symlinkSync(app.dir, join(scratch, 'shortcut'));
    target = join(scratch, 'shortcut', 'inner');
    const linked = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(linked).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/inside it, or holds it/) },
    });
    expect(existsSync(join(app.dir, 'inner'))).toBe(false);
    expect(app.events.filter(isMoveProgress)).toEqual([]);
    expect(accountState(app)).toEqual(before);
  });

  it('keeps the old folder in use and whole after failing half way, leaving nothing in the target', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, database } = await signedInWithData(suite, () => target);
    // Copied in name order: the accounts folder (database, photos) and the settings first, then this,
    // which disappears once the copy has begun (a drive pulled out half way looks the same).
    const notes = join(app.dir, 'zz-notes.txt');
    writeFileSync(notes, 'field notes');
    app.core.subscribe((e) => {
      if (isMoveProgress(e) && e.progress.phase === 'copying' && existsSync(notes)) unlinkSync(notes);
    });
    const before = accountState(app);

    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    expect(moved).toMatchObject({ ok: false, error: { code: 'FILE' } });
    expect(moved.ok ? '' : moved.error.detail).toMatch(/ENOENT.*zz-notes\.txt/);
    const copying = app.events.filter(isMoveProgress).filter((e) => e.progress.phase === 'copying');
    // The database and the photo at least were copied (throttled, the last event may lag a small file).
    expect(copying.at(-1)?.progress).toMatchObject({ filesCopied: expect.any(Number), filesTotal: 4 });
    expect(copying.at(-1)?.progress.filesCopied).toBeGreaterThanOrEqual(2);
    expect(existsSync(target)).toBe(false);

    expect(accountState(app)).toEqual(before);
    expect(readdirSync(app.dir).sort()).toEqual(['accounts', 'settings.json']);
    await app.core.handlers['session:signOut'](undefined);
    const integrity = new Database(database, { readonly: true });
    expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
    integrity.close();
    expect(rowCounts(database).outbox).toBe(1);
  });

  it('goes back to the old folder when the new one cannot be recorded for the next start', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, database } = await signedInWithData(suite, () => target, {
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

  it('says where the old copy is when it cannot be removed, and counts the move as done', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, key, photos } = await signedInWithData(suite, () => target);
    const photo = join(photos, 'IMG_0001.JPG');
    const undo = makeUndeletable(photo);
    try {
      const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
      expect(moved).toMatchObject({
        ok: true,
        value: {
          settings: { dataFolder: target },
          moved: {
            to: target,
            leftBehind: { folder: app.dir, reason: { key: 'errors:file.locked' } },
          },
        },
      });
      // Said in the officer's language by the page, from the catalog message main sent.
      const reason = moved.ok ? moved.value.moved?.leftBehind?.reason : undefined;
      if (!reason) throw new Error('no reason');
      expect(inEnglish(reason)).toMatch(/^Could not delete .*IMG_0001\.JPG: .*\((EPERM|EACCES)\)$/);
      expect(createTranslator('fr').say(reason)).toMatch(
        /^Impossible de supprimer .*IMG_0001\.JPG\u202f: .*\((EPERM|EACCES)\)$/,
      );
      // The app uses the copy; of the old one only what could not go is left.
      expect(accountState(app).file).toBe(join(target, 'accounts', `${key}.db`));
      expect(readFileSync(join(target, 'accounts', `${key}-photos`, 'originals', 'IMG_0001.JPG'))).toEqual(PHOTO);
      const left = readdirSync(app.dir, { recursive: true }).map(String).sort();
      expect(left).toEqual(
        ['accounts', `accounts/${key}-photos`, `accounts/${key}-photos/originals`, relative(app.dir, photo)].sort(),
      );
    } finally {
      undo();
    }
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
