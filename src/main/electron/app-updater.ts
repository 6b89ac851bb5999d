/**
 * The installed app's own updates, with electron-updater's generic provider against the sync server's
 * feed (`<server>/updates/`, src/server/routes/update-feed-routes.ts).
 *
 * - Checks at start and then daily (an hourly tick catches up after the laptop slept), unless the
 *   officer turned automatic checks off; a check from Settings runs anyway.
 * - Downloads in the background, differentially (only the installer blocks that changed travel), with
 *   one byte range per request so progress can be shown; the download starts only while no sync or
 *   photo upload runs, so it never competes with the officer's data for a 2G link at the start.
 * - Asks before restarting (the page's question, `updates:restart`); a restart the officer agreed to
 *   while a sync or upload runs waits for it to end. A downloaded update not restarted into is installed
 *   when the app quits.
 *
 * No `electron` import: electron-updater's `autoUpdater` comes in as the engine (tests pass a fake).
 */

import type { AppEvent } from '../../shared/ipc/events.js';
import { initialUpdateStatus, type UpdateStatus } from '../../shared/ipc/schemas/updates.js';
import type { UpdatesPort } from '../app/platform.js';
import { createLogger } from '../log.js';

const log = createLogger('updates');

/** The part of electron-updater's `autoUpdater` this uses. */
export interface UpdaterEngine {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string; useMultipleRangeRequest: boolean }): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available' | 'checking-for-update', listener: () => void): unknown;
  on(
    event: 'download-progress',
    listener: (progress: { transferred: number; total: number; percent: number; bytesPerSecond: number }) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface AppUpdaterOptions {
  /** electron-updater's `autoUpdater`, loaded only where it can work. */
  readonly engine: UpdaterEngine | null;
  readonly currentVersion: string;
  /** The feed to ask (`<server>/updates/`), `null` while no sync server is known. */
  feedUrl(): string | null;
  /** The officer's setting: whether to check without being asked. */
  automatic(): Promise<boolean>;
  readonly now?: () => Date;
  /** First automatic check after start (default 30 s: the start and its first sync come first). */
  readonly firstCheckAfterMs?: number;
}

/** Between automatic checks. */
export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
/** How often the schedule looks whether a check is due (catches up after sleep). */
const TICK_MS = 60 * 60 * 1000;

/** The feed of a sync server: `<server>/updates/` (the server's base path kept). */
export function updateFeedUrl(serverUrl: string | null): string | null {
  if (!serverUrl) return null;
  return new URL('updates/', serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`).toString();
}

export interface AppUpdater extends UpdatesPort {
  /** Starts listening and the automatic schedule. */
  start(): void;
  /** Hears the core's events: a running sync or photo upload holds downloads and restarts back. */
  observe(event: AppEvent): void;
  stop(): void;
}

export function createAppUpdater(options: AppUpdaterOptions): AppUpdater {
  const { engine } = options;
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(status: UpdateStatus) => void>();
  let status = initialUpdateStatus(engine ? 'idle' : 'unsupported', options.currentVersion);
  const timers: ReturnType<typeof setTimeout>[] = [];
  let syncing = false;
  let uploading = false;
  /** A newer version was found while a sync or upload ran: download it once they end. */
  let downloadWhenIdle = false;

  const set = (patch: Partial<UpdateStatus>) => {
    status = { ...status, ...patch };
    for (const listener of listeners) listener(status);
  };
  const busyWith = (): 'sync' | 'upload' | null => (syncing ? 'sync' : uploading ? 'upload' : null);

  const download = () => {
    if (!engine) return;
    downloadWhenIdle = false;
    set({ state: 'downloading', progress: null, error: null });
    engine.downloadUpdate().catch((e: unknown) => log.warn('The update download failed', e));
  };

  const install = () => {
    log.info(`Restarting into Fieldsync ${status.version}`);
    // Silent: the officer has agreed already; run the new version once installed.
    engine?.quitAndInstall(true, true);
  };

  const whenIdle = () => {
    if (busyWith()) return;
    if (status.restartWaitingFor) {
      set({ restartWaitingFor: null });
      install();
    } else if (downloadWhenIdle) {
      download();
    }
  };

  const check = async (): Promise<UpdateStatus> => {
    if (!engine) return status;
    // One version at a time: a download under way or waiting for the restart is not checked over.
    if (status.state === 'checking' || status.state === 'downloading' || status.state === 'downloaded') return status;
    const feed = options.feedUrl();
    if (!feed) {
      set({ state: 'error', error: 'No sync server is set yet: sign in first.' });
      return status;
    }
    engine.setFeedURL({ provider: 'generic', url: feed, useMultipleRangeRequest: false });
    set({ state: 'checking', error: null });
    try {
      await engine.checkForUpdates();
    } catch (e) {
      // The engine has reported it through 'error' as well; this keeps a rejected check from escaping.
      log.warn('The update check failed', e);
    }
    return status;
  };

  const tick = async () => {
    const automatic = await options.automatic();
    if (automatic !== status.automatic) set({ automatic });
    if (!automatic || busyWith()) return;
    const last = status.lastCheck ? Date.parse(status.lastCheck) : Number.NEGATIVE_INFINITY;
    if (now().getTime() - last >= CHECK_EVERY_MS) await check();
  };
  const safeTick = () => {
    tick().catch((e: unknown) => log.warn('The scheduled update check failed', e));
  };

  return {
    status: () => status,
    check,
    restart() {
      if (status.state !== 'downloaded') return status;
      const busy = busyWith();
      if (busy) {
        log.info(`The restart into ${status.version} waits for the running ${busy}`);
        set({ restartWaitingFor: busy });
      } else {
        install();
      }
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    observe(event) {
      if (event.kind === 'sync:status') syncing = event.status.running;
      else if (event.kind === 'sync:finished') syncing = false;
      else if (event.kind === 'photos:progress' && event.progress.kind === 'photo-overall') {
        const p = event.progress;
        uploading = p.filesDone + p.filesFailed < p.filesTotal;
      } else return;
      whenIdle();
    },
    start() {
      if (!engine) return;
      engine.autoDownload = false;
      engine.autoInstallOnAppQuit = true;
      engine.logger = {
        info: (m) => log.info(String(m)),
        warn: (m) => log.warn(String(m)),
        error: (m) => log.error(String(m)),
      };
      engine.on('checking-for-update', () => set({ state: 'checking', error: null }));
      engine.on('update-not-available', () =>
        set({ state: 'idle', version: null, progress: null, lastCheck: now().toISOString() }),
      );
      engine.on('update-available', (info) => {
        log.info(`Fieldsync ${info.version} is available`);
        set({ version: info.version, lastCheck: now().toISOString() });
        if (busyWith()) {
          downloadWhenIdle = true;
          set({ state: 'idle' });
        } else {
          download();
        }
      });
      engine.on('download-progress', (p) =>
        set({
          state: 'downloading',
          progress: {
            transferred: Math.max(0, Math.round(p.transferred)),
            total: Math.max(0, Math.round(p.total)),
            percent: Math.min(100, Math.max(0, p.percent)),
            bytesPerSecond: Math.max(0, p.bytesPerSecond),
          },
        }),
      );
      engine.on('update-downloaded', (info) => {
        log.info(
          `Fieldsync ${info.version} is downloaded; it installs at the restart the officer agrees to, or at quit`,
        );
        set({ state: 'downloaded', version: info.version, progress: null, error: null });
      });
      engine.on('error', (e) => {
        log.warn('Update failed', e);
        // A failed check or download is tried again at the next check; a downloaded update stays ready.
        if (status.state === 'downloaded') return;
        // No `lastCheck`: the hourly tick asks again instead of waiting a day.
        set({ state: 'error', progress: null, error: e.message.split('\n')[0] ?? e.message });
      });
      void options.automatic().then(
        (automatic) => set({ automatic }),
        () => undefined,
      );
      timers.push(setTimeout(safeTick, options.firstCheckAfterMs ?? 30_000));
      timers.push(setInterval(safeTick, TICK_MS));
    },
    stop() {
      for (const t of timers.splice(0)) clearTimeout(t);
      listeners.clear();
    },
  };
}
