import type { UpdateStatus } from '../../shared/ipc/schemas/updates.js';

/** The installed app's updater (src/main/electron/app-updater.ts); absent where the app cannot update itself. */
export interface UpdatesPort {
  status(): UpdateStatus;
  /** Checks the feed now; a newer version then downloads in the background. */
  check(): Promise<UpdateStatus>;
  /** Restarts into the downloaded version now, or once the running sync or upload ends. */
  restart(): UpdateStatus;
  /** Hears every change of status; returns the unsubscribe. */
  onStatus(listener: (status: UpdateStatus) => void): () => void;
}

/** What the core asks of the shell it runs in (Electron dialogs, or nothing in a headless run). */
export interface Platform {
  readonly transport: 'electron' | 'websocket';
  readonly appVersion: string;
  /** The computer's locale (`fr-FR`, `pt-MZ`): the language shown until the officer picks one. */
  readonly locale: string;
  /** The main log file, for diagnostics; `null` when logging to the console. */
  readonly logFile: string | null;
  /**
   * Asks where to save a file; `null` when the officer cancelled. The dialog offers the default name's
   * extension, described by `fileType` ("Excel workbook") when given.
   */
  chooseSaveFile(defaultName: string, fileType?: string): Promise<string | null>;
  /**
   * The browser shell: hands a saved file to the page as a download and returns its one-time address
   * (results carry it as `downloadUrl`). Absent in Electron, where the file is already where the officer chose.
   */
  offerDownload?(path: string): string;
  /**
   * Prints the window's page to an A4 PDF with the given footer (Chromium's footer template), where the
   * shell can; the print stylesheet decides what is on paper.
   */
  printPageToPdf?(footerTemplate: string): Promise<Uint8Array>;
  /** Asks for a folder; `null` when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Opens a URL (already checked against the allowlist) in the system browser. */
  openExternal(url: string): Promise<void>;
  /**
   * Records where the data lives from now on, for the next starts (the shell reads it before the core
   * starts). Called once the moved data is in use; throws if it cannot be recorded.
   */
  setDataFolder(path: string): Promise<void> | void;
  /** The app's own updater, where the shell has one. */
  readonly updates?: UpdatesPort;
}

/**
 * The platform of a run without a window system (the dev/e2e WebSocket server, tests): files are
 * written into `exportDir` (and, given a download shelf, offered to the page as downloads), folders are picked by `chooseFolder` (none by default), links are only
 * logged, and the data folder is remembered for this process only.
 */
export function headlessPlatform(options: {
  appVersion: string;
  exportDir: string;
  logFile?: string | null;
  /** The computer's locale (default: the process's, from `LANG`). */
  locale?: string;
  /** Stands in for the folder dialog (tests answer it). */
  chooseFolder?: () => Promise<string | null>;
  /** Saved files go to the page as downloads through this shelf (served by the WebSocket transport). */
  downloads?: { offer(path: string): string };
}): Platform {
  const { downloads } = options;
  return {
    transport: 'websocket',
    appVersion: options.appVersion,
    locale: options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    logFile: options.logFile ?? null,
    chooseSaveFile: async (name) => `${options.exportDir}/${name}`,
    chooseFolder: options.chooseFolder ?? (async () => null),
    openExternal: async () => undefined,
    setDataFolder: () => undefined,
    ...(downloads ? { offerDownload: (path: string) => downloads.offer(path) } : {}),
  };
}

/** `{ downloadUrl }` for a saved file where the shell hands files to the page as downloads, else nothing. */
export function offered(platform: Platform, path: string): { downloadUrl?: string } {
  return platform.offerDownload ? { downloadUrl: platform.offerDownload(path) } : {};
}
