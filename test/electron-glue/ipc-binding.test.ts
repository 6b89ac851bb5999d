import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../src/main/app/event-hub.js';
import { bindIpc } from '../../src/main/electron/ipc-binding.js';
import { APP_URL, isAppPage } from '../../src/main/electron/renderer-protocol.js';
import { ok } from '../../src/shared/errors.js';
import { CHANNELS, EVENT_CHANNEL } from '../../src/shared/ipc/contract.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { recordingHandlers } from '../app/helpers/recording-handlers.js';
import { BrowserWindow, type FakeFrame, ipcMain, resetFakeElectron } from './fake-electron.js';
import { captureLog } from './log-lines.js';

vi.mock('electron', () => import('./fake-electron.js'));

const appFrame: FakeFrame = { url: APP_URL, parent: null };
const signIn = { serverUrl: 'https://sync.district.example', username: 'officer', password: 'pw' };

function bound() {
  const { handlers, calls } = recordingHandlers();
  const hub = new EventHub();
  const unbind = bindIpc({ handlers, subscribe: (l) => hub.subscribe(l) }, (url) => isAppPage(url, undefined));
  return { calls, hub, unbind };
}

beforeEach(() => {
  resetFakeElectron();
  captureLog();
});

describe('the IPC binding', () => {
  it('binds every channel of the contract with ipcMain.handle, and only those', () => {
    bound();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('runs a call from the app window’s top frame, with its validated argument', async () => {
    const { calls } = bound();
    expect(await ipcMain.invoke('session:signIn', appFrame, signIn)).toEqual(ok(null));
    expect(await ipcMain.invoke('graph:schools', appFrame, {})).toEqual(ok(null));
    // The handler sees the parsed argument: defaults applied.
    expect(calls).toEqual([
      { channel: 'session:signIn', args: signIn },
      { channel: 'graph:schools', args: expect.objectContaining({ offset: 0, limit: 100 }) },
    ]);
  });

  it.each([
    ['a null frame (navigated away or destroyed)', null],
    ['an iframe inside the app page', { url: APP_URL, parent: appFrame }],
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['a data: page with the preload', { url: 'data:text/html,<title>x</title>', parent: null }],
    ['a file: page', { url: 'file:///C:/app/out/renderer/index.html', parent: null }],
    ['a look-alike host', { url: 'app://fieldsync.evil/index.html', parent: null }],
  ])('refuses %s with a FORBIDDEN value before parsing the argument', async (_case, frame: FakeFrame | null) => {
    const { calls } = bound();
    for (const channel of CHANNELS) {
      expect(await ipcMain.invoke(channel, frame, { not: 'even valid' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('refuses a frame Electron has already disposed (its properties throw) with a value, not an exception', async () => {
    const { calls } = bound();
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(await ipcMain.invoke('session:get', disposed)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('refuses bad arguments by the contract’s schemas before the core runs', async () => {
    const { calls } = bound();
    const bad: [string, unknown][] = [
      ['session:signIn', { ...signIn, serverUrl: 'file:///etc/passwd' }],
      ['session:signIn', { ...signIn, extra: true }],
      ['session:get', { unexpected: 1 }],
      ['graph:visit', { id: "1' OR '1'='1" }],
      ['graph:schools', { limit: 1_000_000 }],
      ['shell:openExternal', { url: 42 }],
      ['log:write', 'a string, not an object'],
    ];
    for (const [channel, args] of bad) {
      expect(await ipcMain.invoke(channel, appFrame, args)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('checks answers against the contract in development, so a drifting handler is caught', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    try {
      bound();
      // recordingHandlers answer `null`, which is not what session:get promises.
      expect(await ipcMain.invoke('session:get', appFrame)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('sends events to the app window only: not a foreign page, not a destroyed or closed window', () => {
    const { hub } = bound();
    const appWindow = new BrowserWindow();
    void appWindow.loadURL(APP_URL);
    const foreign = new BrowserWindow();
    void foreign.loadURL('https://evil.example/');
    const destroyed = new BrowserWindow();
    void destroyed.loadURL(APP_URL);
    destroyed.destroyQuietly();
    const closed = new BrowserWindow();
    void closed.loadURL(APP_URL);
    closed.close();
    const event: AppEvent = { kind: 'conflicts:changed', open: 3 };
    hub.emit(event);
    expect(appWindow.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [event] }]);
    for (const other of [foreign, destroyed, closed]) expect(other.webContents.sent).toEqual([]);
  });

  it('unbinds: the channels are free again and events stop', () => {
    const { hub, unbind } = bound();
    const appWindow = new BrowserWindow();
    void appWindow.loadURL(APP_URL);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    hub.emit({ kind: 'conflicts:changed', open: 1 });
    expect(appWindow.webContents.sent).toEqual([]);
    expect(hub.size).toBe(0);
    // Binding again works (Electron refuses a second handler for a channel that is still bound).
    bound();
    expect(ipcMain.handlers.size).toBe(CHANNELS.length);
  });
});
