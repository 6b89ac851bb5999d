/**
 * The main process's one logger. Every module, the Electron-free core included (store, sync engine,
 * photo pipeline), logs through a `Logger` made here: `const log = createLogger('sync')`, or one
 * injected through its options (tests pass a spy). The lines go to one process-wide sink: electron-log
 * in the Electron shell (the file "Export diagnostics" attaches), the console elsewhere, nothing in
 * quiet tests.
 */
export interface Logger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

export type LogLevel = keyof Logger;

/** Where log lines go: one sink for the whole process, set once at start-up. */
export type LogSink = (level: LogLevel, scope: string, message: string, details: unknown[]) => void;

/** Standard error, every level: standard output belongs to what a CLI prints (the sync and photos JSON). */
const consoleSink: LogSink = (level, scope, message, details) => {
  if (level === 'debug' && !process.env.FIELDSYNC_DEBUG) return;
  console.error(`[${scope}]${level === 'info' ? '' : ` ${level}:`} ${message}`, ...details);
};

let sink: LogSink = consoleSink;

/** Replaces the process-wide sink (electron-log in the Electron shell, a silent one in quiet tests). */
export function setLogSink(next: LogSink): void {
  sink = next;
}

/**
 * One logger per module or service: `createLogger('store')`. The sink is looked up at each line, so a
 * logger made before the shell sets its sink still writes to it.
 */
export function createLogger(scope: string): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, ...details: unknown[]) =>
      sink(level, scope, message, details);
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
