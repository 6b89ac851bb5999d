import { join } from 'node:path';
import { app, BrowserWindow, session, shell, type WebContents } from 'electron';
import { HELP_HOSTS, isAllowedExternalUrl } from '../app/external-links.js';
import { createLogger } from '../log.js';

const log = createLogger('window');

/** What the shell set up, for the Electron test suite to inspect (`app.evaluate`). */
export const shellFacts: { webPreferences?: Electron.WebPreferences } = {};
(globalThis as { fieldsyncShellFacts?: typeof shellFacts }).fieldsyncShellFacts = shellFacts;

/**
 * The main window. Its preferences are written out in full, here, so reviewers and Electronegativity
 * see them: isolated, sandboxed, no Node, no webviews, no remote content, no middle-click windows.
 */
export function createMainWindow(url: string, preloadDir: string): BrowserWindow {
  const options = {
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Fieldsync',
    show: false,
    backgroundColor: '#fafafa',
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  } satisfies Electron.BrowserWindowConstructorOptions;
  const win = new BrowserWindow(options);
  // Electron has no getter for a window's preferences: keep them where the shell tests can read them.
  shellFacts.webPreferences = options.webPreferences;
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}

/**
 * Locks down every web contents the app creates: no navigation away from the page, no new windows
 * (allow-listed links go to the system browser), no webviews, no permission prompts, and the CSP
 * as a response header too.
 */
export function hardenWebContents(allowedHosts: () => readonly string[]): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      log.warn('Blocked navigation', url);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url, [...HELP_HOSTS, ...allowedHosts()])) void shell.openExternal(url);
      else log.warn('Blocked a new window', url);
      return { action: 'deny' };
    });
  });
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}
