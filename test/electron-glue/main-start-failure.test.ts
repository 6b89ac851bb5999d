import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { accountKey } from '../../src/main/app/open-account.js';
import { safeStorageTokens } from '../../src/main/electron/safe-storage-tokens.js';
import { app, attempt, BrowserWindow, dialog, resetFakeElectron, safeStorage } from './fake-electron.js';
import { fakeLog } from './fake-electron-log.js';

vi.mock('electron', () => import('./fake-electron.js'));
vi.mock('electron-log/main', () => import('./fake-electron-log.js'));

const userData = mkdtempSync(join(tmpdir(), 'fieldsync-failure-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

it('a start that fails says why and quits, instead of lingering without a window', async () => {
  resetFakeElectron();
  vi.stubEnv('FIELDSYNC_USER_DATA', '');
  app.setPath('userData', userData);
  // The last account's database is damaged (a disk fault): it cannot be opened.
  const data = join(userData, 'data');
  const account = { serverUrl: 'http://127.0.0.1:9', username: 'demo', displayName: 'Demo', demo: false };
  mkdirSync(join(data, 'accounts'), { recursive: true });
  writeFileSync(join(data, 'settings.json'), JSON.stringify({ account }));
  await safeStorageTokens(() => join(data, 'session'), safeStorage, 'win32').save(accountKey(account), 'token');
  writeFileSync(join(data, 'accounts', `${accountKey(account)}.db`), 'not-a-database '.repeat(300));
  await import('../../src/main/electron/main.js');
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
  expect(dialog.showErrorBox).toHaveBeenCalledWith(
    'Fieldsync could not start',
    expect.stringMatching(/not a database[\s\S]*The log file has the details: \/logs\/main\.log/),
  );
  expect(fakeLog.lines).toContainEqual(
    expect.objectContaining({ scope: 'main', level: 'error', args: ['Fieldsync could not start', expect.any(Error)] }),
  );
  expect(BrowserWindow.made).toEqual([]);
  // Nothing was opened, so nothing holds the quit back.
  expect(attempt(app, 'before-quit')).toBe(false);
});
