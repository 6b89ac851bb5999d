import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HELP_HOSTS } from '../../src/main/app/external-links.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/renderer-protocol.js';
import { createMainWindow, hardenWebContents, shellFacts } from '../../src/main/electron/secure-window.js';
import { app, BrowserWindow, type FakeWebContents, resetFakeElectron, session, shell } from './fake-electron.js';
import { captureLog } from './log-lines.js';

vi.mock('electron', () => import('./fake-electron.js'));

beforeEach(() => {
  resetFakeElectron();
  captureLog();
});

describe('the main window', () => {
  it('is isolated, sandboxed, without Node or webviews, and loads only the URL it is given', () => {
    const win = createMainWindow('app://fieldsync/index.html', '/app/out/preload') as unknown as BrowserWindow;
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: join('/app/out/preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    // Nothing that would widen the page's reach is set at all.
    for (const key of ['enableBlinkFeatures', 'additionalArguments', 'partition', 'session'] as const) {
      expect(prefs).not.toHaveProperty(key);
    }
    expect(shellFacts.webPreferences).toEqual(prefs);
    expect(win.webContents.getURL()).toBe('app://fieldsync/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('has DevTools only in an unpackaged build', () => {
    app.isPackaged = true;
    const packaged = createMainWindow('app://fieldsync/index.html', '/p') as unknown as BrowserWindow;
    app.isPackaged = false;
    const dev = createMainWindow('app://fieldsync/index.html', '/p') as unknown as BrowserWindow;
    expect(packaged.options.webPreferences?.devTools).toBe(false);
    expect(dev.options.webPreferences?.devTools).toBe(true);
  });
});

describe('every web contents', () => {
  const serverHost = 'sync.district.example';

  function hardened(): FakeWebContents {
    hardenWebContents(() => [serverHost]);
    return (new BrowserWindow() as BrowserWindow).webContents;
  }

  it('refuses navigation away, redirects and webviews', () => {
    const contents = hardened();
    expect(contents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://fieldsync/other.html')).toBe(true);
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-attach-webview', {}, { src: 'https://evil.example/' })).toBe(true);
  });

  it('opens no window; allow-listed links go to the system browser, anything else nowhere', () => {
    const contents = hardened();
    const open = (url: string) => contents.windowOpenHandler?.({ url });
    const allowed = [`https://${HELP_HOSTS[0]}/guide`, `https://${serverHost}/status`, `http://${serverHost}:8080/`];
    const refused = [
      'https://evil.example/',
      `https://${serverHost}@evil.example/`,
      `https://user:pw@${serverHost}/`,
      `file:///C:/Windows/System32/calc.exe`,
      `javascript:alert(1)`,
      `smb://${serverHost}/share`,
      `https://${serverHost}.evil.example/`,
      'not a url',
    ];
    for (const url of [...allowed, ...refused]) expect(open(url)).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual(allowed);
  });

  it('reads the sync server host at each link, so a new server is allowed without a restart', () => {
    let hosts: string[] = [];
    hardenWebContents(() => hosts);
    const contents = new BrowserWindow().webContents;
    contents.windowOpenHandler?.({ url: 'https://new.example/' });
    hosts = ['new.example'];
    contents.windowOpenHandler?.({ url: 'https://new.example/' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('grants no permission (camera, notifications, geolocation, …) to any page', () => {
    hardened();
    const ses = session.defaultSession;
    const granted: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      ses.permissionRequestHandler?.({}, permission, (g) => granted.push(g));
    }
    expect(granted).toEqual([false, false, false, false, false]);
    expect(ses.permissionCheckHandler?.({}, 'media', 'app://fieldsync')).toBe(false);
  });
});

describe('the content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('runs only the app’s own scripts: no eval, no inline script, nothing remote', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|strict-dynamic|\*|https?:/);
    for (const [name, values] of directives) {
      if (name !== 'img-src')
        expect(values.every((v) => v === "'self'" || v === "'none'" || v.startsWith("'sha256-"))).toBe(true);
    }
    for (const name of [
      'connect-src',
      'object-src',
      'frame-src',
      'frame-ancestors',
      'base-uri',
      'form-action',
      'worker-src',
    ]) {
      expect(directives.get(name)).toEqual(["'none'"]);
    }
  });
});
