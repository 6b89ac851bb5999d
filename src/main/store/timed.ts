import type { Logger } from '../log.js';

/**
 * Runs `work` and logs it as slow when it took longer than `thresholdMs`: a page, an edit or a
 * listing that stalls the main process is something to see in the field logs, not to guess at.
 */
export function timed<T>(
  logger: Logger,
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
