import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { recordDataFolder } from '../../src/main/electron/app-paths.js';
import { app, BrowserWindow, dialog, ipcMain, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));
vi.mock('electron-log/main', () => import('./fake-electron-log.js'));

const userData = mkdtempSync(join(tmpdir(), 'fieldsync-missing-'));
const usb = mkdtempSync(join(tmpdir(), 'fieldsync-usb-'));
afterAll(() => {
  rmSync(userData, { recursive: true, force: true });
  rmSync(usb, { recursive: true, force: true });
});

it('a data folder moved to a USB drive that is not plugged in opens the window and says so; nothing is created', async () => {
  resetFakeElectron();
  vi.stubEnv('FIELDSYNC_USER_DATA', '');
  app.setPath('userData', userData);
  const gone = join(usb, 'E', 'Fieldsync');
  await recordDataFolder(userData, gone);
  await import('../../src/main/electron/main.js');
  await vi.waitFor(() => expect(BrowserWindow.made).toHaveLength(1));
  expect(dialog.showErrorBox).not.toHaveBeenCalled();
  expect(app.quit).not.toHaveBeenCalled();
  const status = ipcMain.handlers.get('settings:dataFolderStatus');
  expect(status).toBeDefined();
  expect(existsSync(join(usb, 'E'))).toBe(false);
  expect(existsSync(join(userData, 'data'))).toBe(false);
});
