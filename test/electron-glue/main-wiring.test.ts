/**
 * The Electron main process as `electron .` runs it, on the fake Electron: the real app core (store,
 * sync engine) against a real reference server, reached only through the bound IPC channels.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_URL } from '../../src/main/electron/renderer-protocol.js';
import { CHANNELS, EVENT_CHANNEL } from '../../src/shared/ipc/contract.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import {
  app,
  attempt,
  BrowserWindow,
  type FakeFrame,
  ipcMain,
  powerMonitor,
  protocol,
  resetFakeElectron,
  safeStorage,
  session,
  shell,
} from './fake-electron.js';
import { fakeLog } from './fake-electron-log.js';

vi.mock('electron', () => import('./fake-electron.js'));
vi.mock('electron-log/main', () => import('./fake-electron-log.js'));

const appFrame: FakeFrame = { url: APP_URL, parent: null };
let userData: string;
let server: TestServer;
let win: BrowserWindow;

beforeAll(async () => {
  server = await startTestServer({ seed: 'tiny' });
  userData = mkdtempSync(join(tmpdir(), 'fieldsync-main-'));
  resetFakeElectron();
  app.setPath('userData', join(userData, 'roaming-default'));
  app.setPath('documents', userData);
  vi.stubEnv('FIELDSYNC_USER_DATA', join(userData, 'e2e'));
  await import('../../src/main/electron/main.js');
  await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1), { timeout: 30_000 });
  [win] = BrowserWindow.getAllWindows() as [BrowserWindow];
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  rmSync(userData, { recursive: true, force: true });
});

const sentEvents = (): AppEvent[] =>
  win.webContents.sent.filter((s) => s.channel === EVENT_CHANNEL).map((s) => s.args[0] as AppEvent);

describe('the main process at start', () => {
  it('registers app:// before ready, keeps its data in the folder it was given, and logs there', () => {
    expect(protocol.privileged?.map((s) => s.scheme)).toEqual(['app']);
    expect(protocol.handlers.has('app')).toBe(true);
    expect(app.getPath('userData')).toBe(join(userData, 'e2e'));
    expect(app.setAppLogsPath).toHaveBeenCalledWith(join(userData, 'e2e', 'logs'));
    expect(readdirSync(join(userData, 'e2e'))).toContain('data');
    expect(app.setAppUserModelId).toHaveBeenCalledWith('org.fieldsync.desktop');
    // Date fields follow the page's language, not the Windows display language.
    expect(app.commandLine.appendSwitch).toHaveBeenCalledWith(
      'enable-blink-features',
      'LangAttributeAwareFormControlUI',
    );
    expect(fakeLog.lines).toContainEqual(
      expect.objectContaining({ scope: 'main', level: 'info', args: [expect.stringMatching(/started; data in/)] }),
    );
  });

  it('opens one hardened window on the app page, with the built preload', () => {
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.options.webPreferences?.preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.webContents.getURL()).toBe(APP_URL);
    // The window's own contents were hardened as they were created.
    expect(win.webContents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(session.defaultSession.permissionCheckHandler?.()).toBe(false);
  });

  it('binds every channel, answering the app page and refusing any other', async () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(await ipcMain.invoke('app:info', appFrame)).toMatchObject({
      ok: true,
      value: { appVersion: '9.8.7-fake', transport: 'electron', logFile: '/logs/main.log' },
    });
    expect(await ipcMain.invoke('app:info', { url: 'https://evil.example/', parent: null })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('opens external links only after the allowlist', async () => {
    expect(await ipcMain.invoke('shell:openExternal', appFrame, { url: 'https://evil.example/' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(shell.openExternal).not.toHaveBeenCalled();
    await ipcMain.invoke('shell:openExternal', appFrame, { url: 'https://fieldsync.example.org/help' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://fieldsync.example.org/help');
  });
});

describe('the main process signed in', () => {
  it('signs in through IPC, keeps the token encrypted on disk, syncs with taskbar progress, and tells the page', async () => {
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    const signIn = await ipcMain.invoke('session:signIn', appFrame, {
      serverUrl: server.url,
      username: 'demo',
      password: 'demo',
    });
    expect(signIn).toMatchObject({ ok: true, value: { signedIn: true } });
    expect(await ipcMain.invoke('sync:now', appFrame)).toMatchObject({
      ok: true,
      value: { pulled: expect.any(Number) },
    });
    await vi.waitFor(() => expect(sentEvents().some((e) => e.kind === 'sync:finished')).toBe(true));

    const sessionDir = join(userData, 'e2e', 'data', 'session');
    const [tokenFile] = readdirSync(sessionDir);
    const bytes = readFileSync(join(sessionDir, tokenFile ?? ''));
    const [[token = '']] = encrypt.mock.calls as [[string]];
    expect(token.length).toBeGreaterThan(10);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(token))).toBe(false);
    expect(safeStorage.decryptString(bytes)).toBe(token);

    const values = win.progress.map((p) => p.value);
    expect(values.length).toBeGreaterThan(1);
    expect(values.at(-1)).toBe(-1);
    for (const p of win.progress.slice(0, -1)) {
      expect(p.options?.mode === 'indeterminate' || (p.value >= 0 && p.value <= 1)).toBe(true);
    }
  });

  it('lets links to the signed-in sync server through to the system browser', () => {
    const host = new URL(server.url).host;
    win.webContents.windowOpenHandler?.({ url: `http://${host}/status` });
    expect(shell.openExternal).toHaveBeenLastCalledWith(`http://${host}/status`);
  });
});

describe('the main process around the window', () => {
  it('brings the window back when the app is started again', () => {
    win.minimized = true;
    app.emit('second-instance');
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
  });

  it('re-checks the server when the computer wakes from sleep', () => {
    expect(powerMonitor.listenerCount('resume')).toBe(1);
    powerMonitor.emit('resume');
    expect(fakeLog.lines).toContainEqual(
      expect.objectContaining({ scope: 'main', args: ['The computer woke up; checking the server'] }),
    );
  });

  it('a start while the process has no window opens one, instead of holding the lock unseen', () => {
    const before = BrowserWindow.made.length;
    win.close();
    app.emit('second-instance');
    expect(BrowserWindow.made).toHaveLength(before + 1);
    win = BrowserWindow.made.at(-1) as BrowserWindow;
    expect(win.webContents.getURL()).toBe(APP_URL);
  });

  it('quits when the window closes, closing the store before the process ends', async () => {
    win.close();
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(attempt(app, 'before-quit')).toBe(true);
    // A start while this one closes opens no window: the process ends within the quit deadline.
    const windows = BrowserWindow.made.length;
    expect(() => app.emit('second-instance')).not.toThrow();
    expect(BrowserWindow.made).toHaveLength(windows);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(2));
    expect(fakeLog.lines.filter((l) => l.level === 'error')).toEqual([]);
    // The second quit goes through, and the deadline never had to end the process.
    expect(attempt(app, 'before-quit')).toBe(false);
    expect(app.exit).not.toHaveBeenCalled();
  });
});
