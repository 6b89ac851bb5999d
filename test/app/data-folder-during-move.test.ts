import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderGate } from '../../src/main/app/data-folder/folder-gate.js';
import { MoveProgress } from '../../src/main/app/data-folder/move-progress.js';
import { usesDataFolder } from '../../src/main/app/handlers/during-a-move.js';
import { setLogSink } from '../../src/main/app/logger.js';
import { type AppError, err, ok, type Result } from '../../src/shared/errors.js';
import { CHANNELS } from '../../src/shared/ipc/contract.js';
import type { DataFolderProgress } from '../../src/shared/ipc/schemas/data-folder.js';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { coreSuite } from './helpers/core-suite.js';
import { accountState, isMoveProgress, scratchFolders, signedInWithData } from './helpers/moving-data.js';

setLogSink(() => undefined);

const suite = coreSuite();
const tempDir = scratchFolders();

const MOVING = 'The data folder is being moved; try again when it has finished';

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

  it('lets a request already running finish before it copies (a photo scan writing into the folder)', async () => {
    const target = join(tempDir('fieldsync-move-'), 'Fieldsync data');
    const { app } = await signedInWithData(suite, () => target);
    const card = tempDir('fieldsync-card-');
    const photos: Record<string, Buffer> = {};
    for (let i = 1; i <= 6; i++) photos[`DCIM/100CANON/IMG_${i}.JPG`] = await makePhoto({ seed: i, edge: 256 });
    await writeCard(card, photos);

    const order: string[] = [];
    app.core.subscribe((e) => {
      if (isMoveProgress(e) && !order.includes(e.progress.phase)) order.push(e.progress.phase);
    });
    const scan = Promise.resolve(app.core.handlers['photos:scan']({ path: card })).then((r) => {
      order.push('scan answered');
      return r;
    });
    const moved = await app.core.handlers['settings:chooseDataFolder'](undefined);
    const scanned = await scan;

    expect(order.slice(0, 3)).toEqual(['preparing', 'scan answered', 'copying']);
    expect(scanned).toMatchObject({ ok: true, value: { filesSeen: 6 } });
    expect(moved).toMatchObject({ ok: true, value: { moved: { to: target, leftBehind: null } } });
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
      'settings:get',
      'settings:chooseDataFolder',
      'log:write',
      'shell:openExternal',
      'photos:chooseFolder',
    ]);
  });
});
