import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { photoImportOpen } from '../../src/main/app/data-folder/data-folder.js';
import { FolderGate } from '../../src/main/app/data-folder/folder-gate.js';
import { MoveProgress } from '../../src/main/app/data-folder/move-progress.js';
import { usesDataFolder } from '../../src/main/app/handlers/during-a-move.js';
import { setLogSink } from '../../src/main/log.js';
import { type AppError, err, ok, type Result } from '../../src/shared/errors.js';
import { CHANNELS } from '../../src/shared/ipc/contract.js';
import type { DataFolderProgress } from '../../src/shared/ipc/schemas/data-folder.js';
import type { ImportScanView } from '../../src/shared/ipc/schemas/photos.js';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { coreSuite } from './helpers/core-suite.js';
import type { CoreUnderTest } from './helpers/core-under-test.js';
import { accountState, isMoveProgress, scratchFolders, signedInWithData } from './helpers/moving-data.js';

setLogSink(() => undefined);

const suite = coreSuite();
const tempDir = scratchFolders();

const MOVING = 'The data folder is being moved; try again when it has finished';
const IMPORT_OPEN = photoImportOpen();

/** A card of `count` photos (seeds from `seed`). */
async function cardOf(count: number, seed = 0): Promise<string> {
  const card = tempDir('fieldsync-card-');
  const photos: Record<string, Buffer> = {};
  for (let i = 1; i <= count; i++)
    photos[`DCIM/100CANON/IMG_${i}.JPG`] = await makePhoto({ seed: seed + i, edge: 256 });
  await writeCard(card, photos);
  return card;
}

/** Scans a card of `count` photos: the scan then awaits the officer's review. */
async function scanCard(app: CoreUnderTest, count: number, seed = 0): Promise<ImportScanView> {
  const scanned = await app.core.handlers['photos:scan']({ path: await cardOf(count, seed) });
  if (!scanned.ok) throw new Error(scanned.error.message);
  expect(scanned.value.candidates).toHaveLength(count);
  return scanned.value;
}

/** The officer's confirmation: every scanned photo to `visitId`. */
const importAll = (scan: ImportScanView, schoolVisitId: string) => ({
  scanId: scan.scanId,
  assignments: scan.candidates.map(({ sha256 }) => ({ sha256, schoolVisitId })),
});

/** The photo blobs of a scan, as the library files them. */
const blobsOf = (scan: ImportScanView) => scan.candidates.map(({ sha256 }) => `${sha256.slice(0, 2)}/${sha256}`).sort();

/** The blobs in the account's photo library under a data folder (thumbnails and the fixture's originals aside). */
const libraryFiles = (dataFolder: string, key: string) =>
  readdirSync(join(dataFolder, 'accounts', `${key}-photos`), { recursive: true })
    .map(String)
    .filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f))
    .sort();

describe('while the data folder moves', () => {
  it('refuses a settings change (and every other request that uses the folder) and loses no setting', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, key, visitId } = await signedInWithData(suite, () => target);
    const { handlers } = app.core;
    await handlers['settings:set']({ syncIntervalMinutes: 30 });

    // Asked the moment the copy starts (the listener runs inside the move), so surely during it.
    const during: (Promise<Result<unknown>> | Result<unknown>)[] = [];
    const unsubscribe = app.core.subscribe((e) => {
      if (!isMoveProgress(e) || e.progress.phase !== 'copying' || during.length > 0) return;
      during.push(
        handlers['settings:set']({ syncIntervalMinutes: 45 }),
        handlers['visit:review']({ visitId, decision: 'flagged', comment: 'during the move' }),
        handlers['session:signOut'](undefined),
        handlers['sync:now'](undefined),
        handlers['photos:scan']({ path: target }),
        handlers['graph:visits']({ offset: 0, limit: 1 }),
        handlers['settings:chooseDataFolder'](undefined),
        // Independent of the folder: answered as usual.
        handlers['settings:get'](undefined),
        handlers['session:get'](undefined),
      );
    });
    const moved = await handlers['settings:chooseDataFolder'](undefined);
    unsubscribe();
    expect(moved.ok).toBe(true);

    const answers = await Promise.all(during);
    const refused = { ok: false, error: { code: 'BAD_REQUEST', message: MOVING } };
    expect(answers.slice(0, 7)).toMatchObject(Array(7).fill(refused));
    expect(answers.slice(7)).toMatchObject([{ ok: true, value: { syncIntervalMinutes: 30 } }, { ok: true }]);

    // Nothing of the refused requests happened, and the setting made before the move moved with it.
    const settingsFile = () => JSON.parse(readFileSync(join(target, 'settings.json'), 'utf8'));
    expect(settingsFile()).toMatchObject({ syncIntervalMinutes: 30, account: { username: 'demo' } });
    expect(accountState(app)).toMatchObject({ file: join(target, 'accounts', `${key}.db`), waiting: 1 });
    const visit = await handlers['graph:visit']({ id: visitId });
    expect(visit).toMatchObject({ ok: true, value: { visit: { fields: { reviewComment: 'Moved with me' } } } });

    // Once the move is over, the same change goes through, into the moved settings.
    expect(await handlers['settings:set']({ syncIntervalMinutes: 45 })).toMatchObject({ ok: true });
    expect(settingsFile().syncIntervalMinutes).toBe(45);
  });

  it('lets a request already running finish before it copies (a photo import moving files into the library)', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, key, visitId } = await signedInWithData(suite, () => target);
    const scanned = await scanCard(app, 6);

    const order: string[] = [];
    app.core.subscribe((e) => {
      if (isMoveProgress(e) && !order.includes(e.progress.phase)) order.push(e.progress.phase);
    });
    const commit = Promise.resolve(app.core.handlers['photos:commit'](importAll(scanned, visitId))).then((r) => {
      order.push('import answered');
      return r;
    });
    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    const committed = await commit;

    expect(order.slice(0, 3)).toEqual(['preparing', 'import answered', 'copying']);
    expect(committed).toMatchObject({ ok: true, value: { imported: 6 } });
    expect(moved).toMatchObject({ ok: true, value: { moved: { to: target, leftBehind: null } } });
    expect(libraryFiles(target, key)).toEqual(blobsOf(scanned));
  });

  it('reports bytes copied of the total, one event per whole percent, then checks, switches and ends', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, photos } = await signedInWithData(suite, () => target);
    // 40 photos of 256 KB beside the first one, the database and the settings: 43 files, most of the
    // bytes in photos of a few percent each.
    for (let i = 0; i < 40; i++) writeFileSync(join(photos, `IMG_${1000 + i}.JPG`), randomBytes(256 * 1024));

    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    if (!moved.ok || !moved.value.moved) throw new Error('the move failed');
    const events = app.events.filter(isMoveProgress).map((e) => e.progress);

    const phases = events.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual(['preparing', 'copying', 'verifying', 'switching', 'finished']);
    expect(events[0]).toMatchObject({ phase: 'preparing', from: app.dir, to: target, bytesTotal: 0 });
    const copying = events.filter((p) => p.phase === 'copying');
    const { bytesTotal, filesTotal } = copying[0] ?? { bytesTotal: 0, filesTotal: 0 };
    expect(filesTotal).toBe(43);
    expect(bytesTotal).toBe(moved.value.moved.bytes);
    expect(copying[0]).toMatchObject({ bytesCopied: 0, filesCopied: 0 });
    // Several events, each at a higher whole percent than the one before, totals fixed.
    const percents = copying.map((p) => Math.floor((100 * p.bytesCopied) / p.bytesTotal));
    expect(copying.length).toBeGreaterThanOrEqual(20);
    expect(percents).toEqual([...new Set(percents)].sort((a, b) => a - b));
    expect(new Set(copying.map((p) => `${p.bytesTotal}/${p.filesTotal}`)).size).toBe(1);
    expect(events.at(-1)).toEqual({
      phase: 'finished',
      from: app.dir,
      to: target,
      bytesCopied: bytesTotal,
      bytesTotal,
      filesCopied: 43,
      filesTotal: 43,
    });
  });
});

describe('a photo import the officer has not finished', () => {
  it('holds a move back while its scan runs or awaits review, before anything is copied, and stays importable', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    let dialogs = 0;
    const { app, key, visitId } = await signedInWithData(suite, () => {
      dialogs++;
      return target;
    });
    const before = accountState(app);
    const card = await cardOf(3, 10);

    const scanning = app.core.handlers['photos:scan']({ path: card });
    const whileScanning = await app.core.handlers['settings:chooseDataFolder'](undefined);
    const scanned = await scanning;
    if (!scanned.ok) throw new Error(scanned.error.message);
    const whileReviewing = await app.core.handlers['settings:chooseDataFolder'](undefined);

    for (const refused of [whileScanning, whileReviewing]) expect(refused).toEqual(err(IMPORT_OPEN));
    // Said before the folder dialog: the officer is not sent to pick a folder for a refused move.
    expect(dialogs).toBe(0);
    // Refused before it began: no progress, nothing in the target, the account as it was.
    expect(app.events.filter(isMoveProgress)).toEqual([]);
    expect(existsSync(target)).toBe(false);
    expect(accountState(app)).toEqual(before);
    expect(await app.core.handlers['settings:get'](undefined)).toMatchObject({
      ok: true,
      value: { dataFolder: app.dir },
    });

    // The officer's review goes on: the scan is imported as if no move had been asked.
    const committed = await app.core.handlers['photos:commit'](importAll(scanned.value, visitId));
    expect(committed).toMatchObject({ ok: true, value: { imported: 3 } });
    expect(libraryFiles(app.dir, key)).toEqual(blobsOf(scanned.value));
  });

  it('lets the move go once every scan is imported or discarded, the imported photos with it', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app, key, visitId } = await signedInWithData(suite, () => target);
    const imported = await scanCard(app, 2, 20);
    const discarded = await scanCard(app, 2, 30);
    const move = () => app.core.handlers['settings:chooseDataFolder'](undefined);

    expect(await app.core.handlers['photos:commit'](importAll(imported, visitId))).toMatchObject({ ok: true });
    expect(await move()).toEqual(err(IMPORT_OPEN));
    expect(await app.core.handlers['photos:discard']({ scanId: discarded.scanId })).toEqual(ok(null));

    expect(await move()).toMatchObject({ ok: true, value: { moved: { to: target, leftBehind: null } } });
    expect(libraryFiles(target, key)).toEqual(blobsOf(imported));
  });
});

describe('the progress of a move', () => {
  it('goes out at each new phase and each new whole percent, never backwards', () => {
    const sent: DataFolderProgress[] = [];
    const progress = new MoveProgress('/old', '/new', (p) => sent.push(p));
    progress.start();
    const copy = (bytesCopied: number, phase: 'copying' | 'verifying' = 'copying') =>
      progress.copy({
        phase,
        bytesCopied,
        bytesTotal: 1000,
        filesCopied: Math.floor(bytesCopied / 100),
        filesTotal: 10,
      });
    for (let bytes = 0; bytes <= 1000; bytes++) copy(bytes);
    copy(500); // late news of an earlier step changes nothing
    copy(1000, 'verifying');
    copy(1000); // nor does a phase that is over
    progress.switching();
    progress.finish();
    progress.finish();

    const copying = sent.filter((p) => p.phase === 'copying');
    expect(copying).toHaveLength(101);
    expect(copying.map((p) => p.bytesCopied)).toEqual(Array.from({ length: 101 }, (_, i) => i * 10));
    expect(sent.map((p) => p.phase).filter((p) => p !== 'copying')).toEqual([
      'preparing',
      'verifying',
      'switching',
      'finished',
    ]);
    expect(sent.at(-1)).toMatchObject({ bytesCopied: 1000, filesCopied: 10 });
  });
});

describe('the data folder gate', () => {
  const refusal: AppError = { code: 'BAD_REQUEST', message: MOVING };

  it('waits for the requests already running, refuses new ones until it opens again', async () => {
    const gate = new FolderGate();
    let finish: (value: Result<string>) => void = () => undefined;
    const running = gate.use(() => new Promise<Result<string>>((resolve) => (finish = resolve)));
    let idle = false;
    const closed = gate.close(refusal).then(() => (idle = true));

    expect(await gate.use(() => ok('late'))).toEqual(err(refusal));
    await Promise.resolve();
    expect(idle).toBe(false);
    finish(ok('done'));
    expect(await running).toEqual(ok('done'));
    await closed;
    expect(idle).toBe(true);
    expect(() => gate.close(refusal)).toThrow();

    gate.open();
    expect(await gate.use(() => ok('after'))).toEqual(ok('after'));
  });
});

describe('which requests a move refuses', () => {
  it('refuses everything that reads or writes the folder and lets the rest run', () => {
    const free = CHANNELS.filter((c) => !usesDataFolder(c));
    expect(free).toEqual([
      'app:info',
      'session:get',
      'sync:status',
      'exports:cancel',
      'settings:get',
      'settings:chooseDataFolder',
      'settings:dataFolderStatus',
      'settings:recoverDataFolder',
      'log:write',
      'shell:openExternal',
      'updates:status',
      'updates:check',
      'updates:restart',
      'photos:chooseFolder',
    ]);
  });
});
