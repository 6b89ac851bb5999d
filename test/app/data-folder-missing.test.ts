import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../src/main/app/app-core.js';
import type { DataLocation } from '../../src/main/app/data-folder/data-location.js';
import { headlessPlatform } from '../../src/main/app/platform.js';
import { memoryTokenStore } from '../../src/main/app/token-store.js';
import { setLogSink } from '../../src/main/log.js';
import { text } from '../../src/shared/i18n/message.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { scratchFolders } from './helpers/moving-data.js';

setLogSink(() => undefined);
const tempDir = scratchFolders();

/**
 * The core as main starts it: the app's own folder, and a location record naming where the officer
 * moved the data (rewritten by the recovery, as main's `data-location.json` is).
 */
async function startWith(record: DataLocation, chooseFolder: () => Promise<string | null> = async () => null) {
  let location = record;
  const recorded: string[] = [];
  const events: AppEvent[] = [];
  const core: AppCore = await createAppCore({
    dataDir: record.defaultFolder,
    readLocation: () => location,
    platform: {
      ...headlessPlatform({ appVersion: '0.0.0-test', exportDir: tempDir('fieldsync-export-') }),
      chooseFolder,
      setDataFolder: (folder) => {
        recorded.push(folder);
        location = { ...location, folder, problem: null };
      },
    },
    tokens: memoryTokenStore('Tests keep sign-ins in memory.'),
  });
  core.subscribe((e) => events.push(e));
  const fix = (next: DataLocation) => {
    location = next;
  };
  return { core, recorded, events, fix };
}

function folders() {
  const base = tempDir('fieldsync-base-');
  const defaultFolder = join(base, 'data');
  const usb = join(tempDir('fieldsync-usb-'), 'E');
  return { base, defaultFolder, chosen: join(usb, 'Fieldsync'), usb };
}

/** A data folder as a previous run left it: settings (a 45-minute interval) and an accounts folder. */
function dataFolderAt(folder: string): void {
  mkdirSync(join(folder, 'accounts'), { recursive: true });
  writeFileSync(join(folder, 'settings.json'), JSON.stringify({ syncIntervalMinutes: 45 }));
}

describe('a data folder that is not there at start', () => {
  it('is never created; the core says why, refuses what needs the data and keeps Settings readable', async () => {
    const { defaultFolder, chosen, usb } = folders();
    const { core } = await startWith({ folder: chosen, defaultFolder, problem: null });
    const status = await core.handlers['settings:dataFolderStatus'](undefined);
    expect(status).toEqual({
      ok: true,
      value: {
        state: 'missing',
        folder: chosen,
        defaultFolder,
        reason: { key: 'settings:dataFolder.missing.notFound', values: { folder: chosen } },
      },
    });
    expect(existsSync(usb)).toBe(false);
    expect(existsSync(defaultFolder)).toBe(false);

    expect(await core.handlers['settings:get'](undefined)).toMatchObject({ ok: true, value: { dataFolder: chosen } });
    expect(await core.handlers['app:info'](undefined)).toMatchObject({ ok: true });
    const refused = await core.handlers['session:signIn']({
      serverUrl: 'http://127.0.0.1:9',
      username: 'demo',
      password: 'demo',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining(chosen) },
    });
    expect(await core.handlers['settings:set']({ syncIntervalMinutes: 30 })).toMatchObject({ ok: false });
    expect(await core.handlers['settings:chooseDataFolder'](undefined)).toMatchObject({ ok: false });
    expect(existsSync(usb)).toBe(false);
    await core.close();
  });

  it('is used once the drive is back and the officer looks again, with the settings kept there', async () => {
    const { defaultFolder, chosen } = folders();
    const { core, events, recorded } = await startWith({ folder: chosen, defaultFolder, problem: null });
    // Still not there: the answer says so again.
    expect(await core.handlers['settings:recoverDataFolder']({ action: 'retry' })).toMatchObject({
      ok: true,
      value: { state: 'missing' },
    });
    dataFolderAt(chosen);
    const found = await core.handlers['settings:recoverDataFolder']({ action: 'retry' });
    expect(found).toEqual({ ok: true, value: { state: 'ok', folder: chosen } });
    expect(events).toContainEqual({ kind: 'dataFolder:status', status: { state: 'ok', folder: chosen } });
    expect(events.some((e) => e.kind === 'session:changed')).toBe(true);
    expect(await core.handlers['settings:get'](undefined)).toMatchObject({
      ok: true,
      value: { dataFolder: chosen, syncIntervalMinutes: 45 },
    });
    expect(await core.handlers['settings:set']({ syncIntervalMinutes: 20 })).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(join(chosen, 'settings.json'), 'utf8')).syncIntervalMinutes).toBe(20);
    expect(recorded).toEqual([]);
    await core.close();
  });

  it('on a card that took the USB drive’s letter is not taken for the data, and nothing is written to the card', async () => {
    const { defaultFolder, chosen } = folders();
    mkdirSync(join(chosen, 'DCIM', '100CANON'), { recursive: true });
    const { core } = await startWith({ folder: chosen, defaultFolder, problem: null });
    expect(await core.handlers['settings:dataFolderStatus'](undefined)).toMatchObject({
      ok: true,
      value: { state: 'missing', reason: { key: 'settings:dataFolder.missing.notOurs', values: { folder: chosen } } },
    });
    expect(readdirSync(chosen)).toEqual(['DCIM']);
    await core.close();
  });

  it('can be pointed to where the data is now; a folder without the data is refused', async () => {
    const { defaultFolder, chosen } = folders();
    const movedByOneDrive = join(tempDir('fieldsync-onedrive-'), 'Documents', 'Fieldsync');
    const empty = tempDir('fieldsync-empty-');
    const answers = [empty, movedByOneDrive];
    const { core, recorded } = await startWith(
      { folder: chosen, defaultFolder, problem: null },
      async () => answers.shift() ?? null,
    );
    dataFolderAt(movedByOneDrive);
    expect(await core.handlers['settings:recoverDataFolder']({ action: 'locate' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('is empty: your data is not in it') },
    });
    expect(await core.handlers['settings:recoverDataFolder']({ action: 'locate' })).toEqual({
      ok: true,
      value: { state: 'ok', folder: movedByOneDrive },
    });
    expect(recorded).toEqual([movedByOneDrive]);
    expect(await core.handlers['settings:get'](undefined)).toMatchObject({
      ok: true,
      value: { syncIntervalMinutes: 45 },
    });
    await core.close();
  });

  it('can be given up for a fresh start in the app’s own folder, recorded for the next starts', async () => {
    const { defaultFolder, chosen, usb } = folders();
    const { core, recorded } = await startWith({ folder: chosen, defaultFolder, problem: null });
    expect(await core.handlers['settings:recoverDataFolder']({ action: 'startFresh' })).toEqual({
      ok: true,
      value: { state: 'ok', folder: defaultFolder },
    });
    expect(recorded).toEqual([defaultFolder]);
    expect(existsSync(defaultFolder)).toBe(true);
    expect(existsSync(usb)).toBe(false);
    expect(await core.handlers['settings:set']({ syncIntervalMinutes: 30 })).toMatchObject({ ok: true });
    await core.close();
  });

  it('whose record cannot be read shows the record’s problem; looking again reads the corrected record', async () => {
    const { defaultFolder, chosen } = folders();
    const problem = text('settings:dataFolder.missing.recordBackslashes', { file: 'x' });
    const { core, fix } = await startWith({ folder: chosen, defaultFolder, problem });
    expect(await core.handlers['settings:dataFolderStatus'](undefined)).toMatchObject({
      ok: true,
      value: { state: 'missing', reason: problem },
    });
    dataFolderAt(chosen);
    fix({ folder: chosen, defaultFolder, problem: null });
    expect(await core.handlers['settings:recoverDataFolder']({ action: 'retry' })).toEqual({
      ok: true,
      value: { state: 'ok', folder: chosen },
    });
    await core.close();
  });

  it('the app’s own folder is created when missing (a first start)', async () => {
    const { defaultFolder } = folders();
    const { core } = await startWith({ folder: defaultFolder, defaultFolder, problem: null });
    expect(await core.handlers['settings:dataFolderStatus'](undefined)).toEqual({
      ok: true,
      value: { state: 'ok', folder: defaultFolder },
    });
    expect(existsSync(defaultFolder)).toBe(true);
    await core.close();
  });
});
