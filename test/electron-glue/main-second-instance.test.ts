import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { app, BrowserWindow, ipcMain, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));
vi.mock('electron-log/main', () => import('./fake-electron-log.js'));

const userData = mkdtempSync(join(tmpdir(), 'fieldsync-second-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

it('a second start hands over to the running one and quits without opening the database', async () => {
  resetFakeElectron();
  vi.stubEnv('FIELDSYNC_USER_DATA', '');
  app.setPath('userData', userData);
  app.singleInstanceLock = false;
  const ready = vi.spyOn(app, 'whenReady');
  await import('../../src/main/electron/main.js');
  expect(app.quit).toHaveBeenCalledOnce();
  expect(ready).not.toHaveBeenCalled();
  expect(app.listenerCount('second-instance')).toBe(0);
  expect(BrowserWindow.made).toEqual([]);
  expect(ipcMain.handlers.size).toBe(0);
});
