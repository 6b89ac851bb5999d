import { join } from 'node:path';
import { app, BrowserWindow, session, shell, type WebContents } from 'electron';
import { HELP_HOSTS, isAllowedExternalUrl } from '../app/external-links.js';
import { createLogger } from '../app/logger.js';

const log = createLogger('window');

/** The renderer's preferences: isolated, sandboxed, no Node, nothing remote. */
export function securePreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
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
    spellcheck: false,
    devTools: !app.isPackaged,
  };
}

export function createMainWindow(url: string, preloadDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Fieldsync',
    show: false,
    backgroundColor: '#fafafa',
    webPreferences: securePreferences(join(preloadDir, 'index.cjs')),
  });
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
