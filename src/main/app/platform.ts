/** What the core asks of the shell it runs in (Electron dialogs, or nothing in a headless run). */
export interface Platform {
  readonly transport: 'electron' | 'websocket';
  readonly appVersion: string;
  /** The main log file, for diagnostics; `null` when logging to the console. */
  readonly logFile: string | null;
  /** Asks where to save a file; `null` when the officer cancelled. */
  chooseSaveFile(defaultName: string): Promise<string | null>;
  /** Asks for a folder; `null` when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Opens a URL (already checked against the allowlist) in the system browser. */
  openExternal(url: string): Promise<void>;
  /** The data folder chosen for the next start, if any. */
  nextDataFolder(): string | null;
  setNextDataFolder(path: string): void;
}

/**
 * The platform of a run without a window system (the dev/e2e WebSocket server, tests): files are
 * written into `exportDir`, folders cannot be picked, links are only logged.
 */
export function headlessPlatform(options: {
  appVersion: string;
  exportDir: string;
  logFile?: string | null;
}): Platform {
  let next: string | null = null;
  return {
    transport: 'websocket',
    appVersion: options.appVersion,
    logFile: options.logFile ?? null,
    chooseSaveFile: async (name) => `${options.exportDir}/${name}`,
    chooseFolder: async () => null,
    openExternal: async () => undefined,
    nextDataFolder: () => next,
    setNextDataFolder: (path) => {
      next = path;
    },
  };
}
