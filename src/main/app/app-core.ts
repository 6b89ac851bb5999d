import { join } from 'node:path';
import { resolveLanguage } from '../../shared/i18n/languages.js';
import { createTranslator, type Translator } from '../../shared/i18n/translator.js';
import type { AppEventListener, Unsubscribe } from '../../shared/ipc/events.js';
import type { Handlers } from '../../shared/ipc/handlers.js';
import type { SyncBackoffs } from '../sync/sync-backoffs.js';
import { openDataLocation } from './data-folder/check-data-folder.js';
import { DataFolder, SETTINGS_FILE } from './data-folder/data-folder.js';
import type { DataLocation } from './data-folder/data-location.js';
import { EventHub } from './event-hub.js';
import type { CoreContext } from './handlers/core-context.js';
import { exclusiveOfMoves } from './handlers/during-a-move.js';
import { graphHandlers } from './handlers/graph-handlers.js';
import { outboxHandlers } from './handlers/outbox-handlers.js';
import { photoHandlers } from './handlers/photo-handlers.js';
import { reportHandlers } from './handlers/report-handlers.js';
import { sessionHandlers } from './handlers/session-handlers.js';
import { settingsHandlers } from './handlers/settings-handlers.js';
import { updateHandlers } from './handlers/update-handlers.js';
import { worklistHandlers } from './handlers/worklist-handlers.js';
import type { Platform } from './platform.js';
import { type DemoLauncher, SessionControl } from './session-control.js';
import { SettingsFile } from './settings-file.js';
import type { TokenStore } from './token-store.js';

export interface AppCoreOptions {
  /**
   * The app's own per-user local data folder (created when missing): the settings and one database per
   * account live there unless `readLocation` names a folder the officer moved them to.
   */
  readonly dataDir: string;
  /**
   * The shell's record of where the data is (main's `data-location.json`), read at start and whenever
   * the officer looks for a missing folder again. Without it the data is always in `dataDir`.
   */
  readonly readLocation?: () => DataLocation;
  readonly platform: Platform;
  readonly tokens: TokenStore;
  /** Starts the reference server in-process for Demo mode; absent where the server is not bundled. */
  readonly demo?: DemoLauncher;
  /** Packaged builds ship the migrations as extra resources. */
  readonly migrationsFolder?: string;
  /** Delay between a local edit and the sync that sends it (default 1 s). */
  readonly syncAfterEditMs?: number;
  /** Records per sync response (default: the engine's); tests use small pages to watch progress. */
  readonly pageLimit?: number;
  /** Re-probe and re-sync schedules (default: the network service's and the scheduler's). */
  readonly backoffs?: SyncBackoffs;
}

/** The app core the IPC contract is bound to: Electron-free, so e2e runs it under plain Node. */
export interface AppCore {
  readonly handlers: Handlers;
  subscribe(listener: AppEventListener): Unsubscribe;
  readonly session: SessionControl;
  /** The officer's language for the shell's dialogs and notifications; follows the Settings choice at once. */
  readonly translator: Translator;
  /**
   * The computer woke from sleep or its network changed (the shell hears it): re-check the server at
   * once, so the status bar is right and waiting changes go out without the probe backoff's delay.
   */
  recheckServer(): void;
  close(): Promise<void>;
}

/**
 * Composes settings, the session (store + sync engine of the signed-in account), the screen
 * queries and the platform into one handler per channel, and restores the last session.
 */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const readLocation =
    options.readLocation ?? (() => ({ folder: options.dataDir, defaultFolder: options.dataDir, problem: null }));
  const location = readLocation();
  // A chosen folder that is missing is never created: the core starts without it and says why.
  const opened = await openDataLocation(location);
  const dataDir = opened.folder ?? location.defaultFolder;
  const hub = new EventHub();
  const settings = new SettingsFile(join(dataDir, SETTINGS_FILE));
  const session = new SessionControl({
    dataDir,
    settings,
    tokens: options.tokens,
    hub,
    ...(options.demo ? { demo: options.demo } : {}),
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
    ...(options.syncAfterEditMs === undefined ? {} : { syncAfterEditMs: options.syncAfterEditMs }),
    ...(options.pageLimit ? { pageLimit: options.pageLimit } : {}),
    ...(options.backoffs ? { backoffs: options.backoffs } : {}),
  });
  const { locale } = options.platform;
  const translator = createTranslator(resolveLanguage(settings.value.language, locale), { systemLocale: locale });
  const data = new DataFolder(opened, location.defaultFolder, {
    session,
    settings,
    platform: options.platform,
    hub,
    readLocation,
  });
  const ctx: CoreContext = { data, hub, settings, session, platform: options.platform, translator };
  // Requests that use the data folder are refused while it moves (see `during-a-move.ts`).
  const handlers = exclusiveOfMoves(
    {
      ...sessionHandlers(ctx),
      ...graphHandlers(ctx),
      ...worklistHandlers(ctx),
      ...outboxHandlers(ctx),
      ...settingsHandlers(ctx),
      ...photoHandlers(ctx),
      ...reportHandlers(ctx),
      ...updateHandlers(ctx),
    },
    data,
  );
  if (opened.ok) await session.restore();
  return {
    handlers,
    session,
    translator,
    subscribe: (listener) => hub.subscribe(listener),
    recheckServer: () => {
      const open = session.account();
      if (open.ok) open.value.recheckServer();
    },
    close: () => session.close(),
  };
}
