/** What the store logs through; the Electron shell passes electron-log, tests a spy, the default is silent. */
export interface StoreLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

const ignore = () => {};

export const silentLogger: StoreLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * Runs `work` and logs it as slow when it took longer than `thresholdMs`: a page, an edit or a
 * listing that stalls the main process is something to see in the field logs, not to guess at.
 */
export function timed<T>(
  logger: StoreLogger,
  thresholdMs: number,
  label: string,
  work: () => T,
  meta?: () => Record<string, unknown>,
): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    const ms = performance.now() - started;
    if (ms > thresholdMs) logger.warn(`slow store operation: ${label}`, { ms: Math.round(ms), ...meta?.() });
  }
}
