/**
 * The Electron main process: a thin shell around the Electron-free app core. It owns the window,
 * binds the IPC contract, keeps the token in `safeStorage`, and shows progress on the taskbar.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, dialog, powerMonitor, safeStorage } from 'electron';
import { AppErrorException } from '../../shared/errors.js';
import type { DeploymentProfile } from '../../shared/fixtures/index.js';
import { matchLanguage } from '../../shared/i18n/languages.js';
import { createTranslator } from '../../shared/i18n/translator.js';
import { type AppCore, createAppCore } from '../app/app-core.js';
import { createLogger } from '../log.js';
import { setSqliteNativeBinding } from '../store/index.js';
import { dataFolder, moveToLocalAppData, readDataLocation } from './app-paths.js';
import { createAppUpdater, type UpdaterEngine, updateFeedUrl } from './app-updater.js';
import { electronPlatform } from './electron-platform.js';
import { bindIpc } from './ipc-binding.js';
import { configureMainLog } from './main-log.js';
import { closeThenQuit } from './quit-deadline.js';
import { APP_URL, isAppPage, registerAppScheme, serveRenderer } from './renderer-protocol.js';
import { safeStorageTokens } from './safe-storage-tokens.js';
import { createMainWindow, hardenWebContents } from './secure-window.js';
import { sqliteAddonForApp } from './sqlite-addon.js';
import { taskbarProgress } from './taskbar-progress.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = createLogger('main');
/** Development only: load the page from the Vite dev server instead of the packaged files. */
const devServerUrl = app.isPackaged ? undefined : process.env.FIELDSYNC_RENDERER_URL;
/** The migrations ship as extra resources; in a checkout they are in the repository's `drizzle/`. */
const migrations = join(app.isPackaged ? process.resourcesPath : app.getAppPath(), 'drizzle');
/** Development only: a smaller demo deployment (`tiny`, `small`) for quick starts. */
const demoProfile = app.isPackaged ? undefined : (process.env.FIELDSYNC_DEMO_PROFILE as DeploymentProfile | undefined);

registerAppScheme();
const base = moveToLocalAppData(app);
const logFile = configureMainLog();
app.setAppUserModelId('org.fieldsync.desktop');
// Date fields and their pickers follow their `lang` (the app's language, which the page sets on them)
// instead of the Windows display language: Chromium does that only with this Blink feature.
app.commandLine.appendSwitch('enable-blink-features', 'LangAttributeAwareFormControlUI');

let core: AppCore | undefined;
let mainWindow: BrowserWindow | undefined;
let closing = false;

if (!app.requestSingleInstanceLock()) {
  // A second start focuses the running window: two processes must never open the same database.
  app.quit();
} else {
  app.on('second-instance', () => {
    // A click on the icon while this process has no window (it was closed, or never opened) brings one
    // back: the lock must never belong to a process the officer cannot see.
    if (!mainWindow) {
      if (core && !closing) openWindow(core);
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start).catch(couldNotStart);
}

/**
 * A start that fails (the data folder unreadable, a migration refused) must say so and end the process:
 * otherwise it lingers without a window, holding the single-instance lock, and every later start quits.
 */
function couldNotStart(e: unknown): void {
  log.error('Fieldsync could not start', e);
  // Before the core opened there is no settings file read yet: the computer's language then.
  const { t, say } =
    core?.translator ?? createTranslator(matchLanguage(app.getLocale()), { systemLocale: app.getLocale() });
  // An expected failure carries the officer's words; anything else is shown as the system wrote it.
  const reason =
    e instanceof AppErrorException && e.error.text ? say(e.error.text) : e instanceof Error ? e.message : String(e);
  dialog.showErrorBox(
    t('shell:startFailed.title'),
    logFile ? t('shell:startFailed.bodyWithLog', { reason, logFile }) : t('shell:startFailed.body', { reason }),
  );
  app.quit();
}

async function start(): Promise<void> {
  // Before any database opens: Electron loads its own build of better-sqlite3 (see sqlite-addon.ts).
  setSqliteNativeBinding(
    sqliteAddonForApp({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
  );
  serveRenderer(join(here, '../renderer'));
  const updater = createAppUpdater({
    engine: await updaterEngine(),
    currentVersion: app.getVersion(),
    feedUrl: () => updateFeedUrl(core?.session.state().serverUrl ?? null),
    automatic: async () => {
      const settings = await core?.handlers['settings:get'](undefined);
      return settings?.ok ? settings.value.updateChecks : false;
    },
  });
  core = await createAppCore({
    // The app's own folder; a folder the officer moved the data to is read from the location record,
    // and one found missing is reported on screen, never recreated empty.
    dataDir: join(base, 'data'),
    readLocation: () => readDataLocation(base),
    platform: { ...electronPlatform({ window: () => mainWindow, base, logFile }), updates: updater },
    // The tokens live in the data folder and move with it: look the folder up at each use.
    tokens: safeStorageTokens(() => join(dataFolder(base), 'session'), safeStorage),
    // Loaded on first use: the server (PGlite, Fastify) costs nothing unless Demo mode starts.
    demo: async (dir) =>
      (await import('../app/demo-server.js')).startDemoServer(dir, {
        migrationsFolder: join(migrations, 'pg'),
        ...(demoProfile ? { profile: demoProfile } : {}),
      }),
    migrationsFolder: join(migrations, 'sqlite'),
  });
  const serverHost = () => {
    const url = core?.session.state().serverUrl;
    return url ? [new URL(url).hostname] : [];
  };
  hardenWebContents(serverHost);
  bindIpc(core, (url) => isAppPage(url, devServerUrl));
  openWindow(core);
  core.subscribe((event) => updater.observe(event));
  updater.start();
  // After sleep the last verdict on the server is hours old, and the probe backoff may be minutes away.
  const opened = core;
  powerMonitor.on('resume', () => {
    log.info('The computer woke up; checking the server');
    opened.recheckServer();
  });
  log.info(`Fieldsync ${app.getVersion()} started; data in ${dataFolder(base)}`);
}

/** Opens the main window, with its taskbar progress; forgotten when closed. */
function openWindow(opened: AppCore): void {
  const win = createMainWindow(devServerUrl ?? APP_URL, join(here, '../preload'));
  mainWindow = win;
  const unsubscribe = opened.subscribe(taskbarProgress(win, opened.translator.t));
  win.on('closed', () => {
    unsubscribe();
    if (mainWindow === win) mainWindow = undefined;
  });
}

/**
 * electron-updater's `autoUpdater`, only in the installed Windows app (a checkout has no installer to
 * update, and loading it reaches for Electron's own modules). Loaded here, not imported, for that reason.
 */
async function updaterEngine(): Promise<UpdaterEngine | null> {
  if (!app.isPackaged || process.platform !== 'win32') return null;
  const { autoUpdater } = (await import('electron-updater')).default;
  return autoUpdater;
}

app.on('window-all-closed', () => app.quit());

app.on('before-quit', (event) => {
  if (!core || closing) return;
  // Close the store cleanly (WAL checkpoint), cancel the sync and its uploads, stop a demo server,
  // then exit; never wait past the deadline (see quit-deadline.ts).
  event.preventDefault();
  closing = true;
  const closingCore = core;
  void closeThenQuit(() => closingCore.close(), app);
});
