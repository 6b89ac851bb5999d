import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveLanguage } from '../../shared/i18n/languages.js';
import { createTranslator, type Translator } from '../../shared/i18n/translator.js';
import type { AppEventListener, Unsubscribe } from '../../shared/ipc/events.js';
import type { Handlers } from '../../shared/ipc/handlers.js';
import { DataFolder, SETTINGS_FILE } from './data-folder/data-folder.js';
import { EventHub } from './event-hub.js';
import type { CoreContext } from './handlers/core-context.js';
import { exclusiveOfMoves } from './handlers/during-a-move.js';
import { graphHandlers } from './handlers/graph-handlers.js';
import { outboxHandlers } from './handlers/outbox-handlers.js';
import { photoHandlers } from './handlers/photo-handlers.js';
import { sessionHandlers } from './handlers/session-handlers.js';
import { settingsHandlers } from './handlers/settings-handlers.js';
import type { Platform } from './platform.js';
import { type DemoLauncher, SessionControl } from './session-control.js';
import { SettingsFile } from './settings-file.js';
import type { TokenStore } from './token-store.js';

export interface AppCoreOptions {
  /** Per-user local folder holding the settings and one database per account (the officer can move it). */
  readonly dataDir: string;
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
}

/** The app core the IPC contract is bound to: Electron-free, so e2e runs it under plain Node. */
export interface AppCore {
  readonly handlers: Handlers;
  subscribe(listener: AppEventListener): Unsubscribe;
  readonly session: SessionControl;
  /** The officer's language for the shell's dialogs and notifications; follows the Settings choice at once. */
  readonly translator: Translator;
  close(): Promise<void>;
}

/**
 * Composes settings, the session (store + sync engine of the signed-in account), the screen
 * queries and the platform into one handler per channel, and restores the last session.
 */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  mkdirSync(options.dataDir, { recursive: true });
  const hub = new EventHub();
  const settings = new SettingsFile(join(options.dataDir, SETTINGS_FILE));
  const session = new SessionControl({
    dataDir: options.dataDir,
    settings,
    tokens: options.tokens,
    hub,
    ...(options.demo ? { demo: options.demo } : {}),
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
    ...(options.syncAfterEditMs === undefined ? {} : { syncAfterEditMs: options.syncAfterEditMs }),
    ...(options.pageLimit ? { pageLimit: options.pageLimit } : {}),
  });
  const data = new DataFolder(options.dataDir, { session, settings, platform: options.platform });
  const { locale } = options.platform;
  const translator = createTranslator(resolveLanguage(settings.value.language, locale), { systemLocale: locale });
  const ctx: CoreContext = { data, hub, settings, session, platform: options.platform, translator };
  // Requests that use the data folder are refused while it moves (see `during-a-move.ts`).
  const handlers = exclusiveOfMoves(
    {
      ...sessionHandlers(ctx),
      ...graphHandlers(ctx),
      ...outboxHandlers(ctx),
      ...settingsHandlers(ctx),
      ...photoHandlers(ctx),
    },
    data,
  );
  await session.restore();
  return {
    handlers,
    session,
    translator,
    subscribe: (listener) => hub.subscribe(listener),
    close: () => session.close(),
  };
}
