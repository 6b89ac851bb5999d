import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { recordDataFolder } from '../../src/main/electron/app-paths.js';
import { app, attempt, BrowserWindow, dialog, resetFakeElectron } from './fake-electron.js';
import { fakeLog } from './fake-electron-log.js';

vi.mock('electron', () => import('./fake-electron.js'));
vi.mock('electron-log/main', () => import('./fake-electron-log.js'));

const userData = mkdtempSync(join(tmpdir(), 'fieldsync-failure-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

it('a start that fails says why and quits, instead of lingering without a window', async () => {
  resetFakeElectron();
  vi.stubEnv('FIELDSYNC_USER_DATA', '');
  app.setPath('userData', userData);
  // The data folder was moved to a drive that is now something else: it cannot be opened.
  mkdirSync(userData, { recursive: true });
  writeFileSync(join(userData, 'not-a-folder'), '');
  recordDataFolder(userData, join(userData, 'not-a-folder', 'data'));
  await import('../../src/main/electron/main.js');
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
  expect(dialog.showErrorBox).toHaveBeenCalledWith(
    'Fieldsync could not start',
    expect.stringMatching(/not-a-folder[\s\S]*The log file has the details: \/logs\/main\.log/),
  );
  expect(fakeLog.lines).toContainEqual(
    expect.objectContaining({ scope: 'main', level: 'error', args: ['Fieldsync could not start', expect.any(Error)] }),
  );
  expect(BrowserWindow.made).toEqual([]);
  // Nothing was opened, so nothing holds the quit back.
  expect(attempt(app, 'before-quit')).toBe(false);
});
