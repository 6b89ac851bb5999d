import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { app, BrowserWindow, dialog, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));
vi.mock('electron-log/main', () => import('./fake-electron-log.js'));

const userData = mkdtempSync(join(tmpdir(), 'fieldsync-addon-start-'));
const appPath = mkdtempSync(join(tmpdir(), 'fieldsync-checkout-'));
afterAll(() => {
  delete (process.versions as Record<string, string | undefined>).electron;
  rmSync(userData, { recursive: true, force: true });
  rmSync(appPath, { recursive: true, force: true });
});

it('under Electron without its better-sqlite3 build, main shows one message with the fix, opens nothing and quits', async () => {
  resetFakeElectron();
  vi.stubEnv('FIELDSYNC_USER_DATA', userData);
  vi.spyOn(app, 'getAppPath').mockReturnValue(appPath);
  // What Electron's process says of itself; the checkout has no electron-native/ folder.
  (process.versions as Record<string, string>).electron = '45.6.0';
  await import('../../src/main/electron/main.js');
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
  expect(dialog.showErrorBox).toHaveBeenCalledOnce();
  const [title, text] = dialog.showErrorBox.mock.calls[0] ?? [];
  expect(title).toBe('Fieldsync could not start');
  expect(text).toMatch(
    /^Fieldsync cannot open its database: better-sqlite3 for Electron 45\.6\.0 .* is not in .*electron-native\.\n\nRun `npm run native:electron` in .* \(it needs internet\), then start again\.\n\nThe log file has the details/,
  );
  expect(text).not.toMatch(/\n\s+at /);
  expect(BrowserWindow.made).toEqual([]);
});
