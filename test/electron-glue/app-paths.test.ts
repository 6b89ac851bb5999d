import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AppFolders,
  dataFolder,
  moveToLocalAppData,
  readDataLocation,
  recordDataFolder,
} from '../../src/main/electron/app-paths.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-paths-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Electron's `app` as far as folders go: `userData` starts where Electron puts it (the roaming profile on Windows). */
function fakeApp(userData: string, isPackaged = true) {
  const paths = new Map<string, string>([['userData', userData]]);
  const logs = vi.fn((_path?: string) => undefined);
  const app: AppFolders = {
    isPackaged,
    getName: () => 'Fieldsync',
    getPath: (name) => paths.get(name) ?? '',
    setPath: (name, path) => void paths.set(name, path),
    setAppLogsPath: logs,
  };
  return { app, paths, logs };
}

describe('the app folder', () => {
  it('on Windows is %LOCALAPPDATA%\\Fieldsync, not the roaming profile, and takes the logs along', () => {
    const roaming = join(dir, 'Roaming', 'Fieldsync');
    const local = join(dir, 'Local');
    const { app, paths, logs } = fakeApp(roaming);
    const base = moveToLocalAppData(app, { LOCALAPPDATA: local, APPDATA: join(dir, 'Roaming') }, 'win32');
    expect(base).toBe(join(local, 'Fieldsync'));
    expect(paths.get('userData')).toBe(base);
    expect(logs).toHaveBeenCalledWith(join(base, 'logs'));
    expect(statSync(base).isDirectory()).toBe(true);
    expect(dataFolder(base)).toBe(join(local, 'Fieldsync', 'data'));
    expect(dataFolder(base).startsWith(roaming)).toBe(false);
  });

  it.each([
    ['Linux', 'linux' as const],
    ['macOS', 'darwin' as const],
    ['Windows without LOCALAPPDATA', 'win32' as const],
  ])('on %s stays in Electron’s per-user userData folder', (_name, platform) => {
    const userData = join(dir, 'config', 'Fieldsync');
    const { app, paths } = fakeApp(userData);
    expect(moveToLocalAppData(app, {}, platform)).toBe(userData);
    expect(paths.get('userData')).toBe(userData);
    expect(statSync(userData).isDirectory()).toBe(true);
  });

  it('takes FIELDSYNC_USER_DATA in development and test runs, never in a packaged build', () => {
    const env = { FIELDSYNC_USER_DATA: join(dir, 'e2e'), LOCALAPPDATA: join(dir, 'Local') };
    expect(moveToLocalAppData(fakeApp(join(dir, 'roaming'), false).app, env, 'win32')).toBe(join(dir, 'e2e'));
    expect(moveToLocalAppData(fakeApp(join(dir, 'roaming'), true).app, env, 'win32')).toBe(
      join(dir, 'Local', 'Fieldsync'),
    );
  });
});

describe('the data folder', () => {
  it('is <app folder>/data until the officer moves it; the choice is kept across starts', async () => {
    expect(dataFolder(dir)).toBe(join(dir, 'data'));
    expect(readDataLocation(dir)).toEqual({
      folder: join(dir, 'data'),
      defaultFolder: join(dir, 'data'),
      problem: null,
    });
    await recordDataFolder(dir, join(dir, 'elsewhere'));
    expect(dataFolder(dir)).toBe(join(dir, 'elsewhere'));
    expect(readDataLocation(dir)).toMatchObject({ folder: join(dir, 'elsewhere'), problem: null });
    expect(readdirSync(dir)).toEqual(['data-location.json']);
  });

  it('is read from a record Notepad saved with a byte-order mark', () => {
    writeFileSync(join(dir, 'data-location.json'), '\uFEFF{"dataFolder": "D:\\\\Fieldsync"}');
    expect(readDataLocation(dir)).toMatchObject({ folder: 'D:\\Fieldsync', problem: null });
  });

  it('written by hand with single backslashes is reported, with the folder it plainly names', () => {
    const file = join(dir, 'data-location.json');
    writeFileSync(file, '{"dataFolder": "D:\\Fieldsync"}');
    expect(readDataLocation(dir)).toEqual({
      folder: 'D:\\Fieldsync',
      defaultFolder: join(dir, 'data'),
      problem: { key: 'settings:dataFolder.missing.recordBackslashes', values: { file } },
    });
  });

  it.each([
    ['torn', '{"dataFolder": 42, "x', 'recordUnreadable'],
    ['empty', '{"dataFolder": ""}', 'recordNoFolder'],
    ['of the wrong type', '{"dataFolder": 42}', 'recordNoFolder'],
  ])('is a problem to show, never the default folder in silence, when the record is %s', (_case, text, problem) => {
    const file = join(dir, 'data-location.json');
    writeFileSync(file, text);
    const location = readDataLocation(dir);
    expect(location.folder).toBeNull();
    expect(location.problem).toMatchObject({ key: `settings:dataFolder.missing.${problem}`, values: { file } });
  });
});
