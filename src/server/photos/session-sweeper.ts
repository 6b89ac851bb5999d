import type { FastifyBaseLogger } from 'fastify';
import type { UploadSessionExpiry } from './upload-session-expiry.js';

/** How often the server looks for expired upload sessions by default. */
export const DEFAULT_SWEEP_EVERY_MS = 60 * 60 * 1000;

/** A running sweep schedule; `stop()` cancels it and waits for a sweep in progress. */
export interface SessionSweeper {
  stop(): Promise<void>;
}

/**
 * Sweeps expired upload sessions at once and then every `everyMs`, one sweep at a time, logging what
 * each expired or why it stopped. The timer does not keep the process alive.
 */
export function startSessionSweeper(
  expiry: UploadSessionExpiry,
  everyMs: number,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): SessionSweeper {
  let running: Promise<void> | undefined;
  const sweepNow = () => {
    running ??= expiry
      .sweep()
      .then(
        ({ expired, leftovers, error }) => {
          if (expired > 0) log.info({ expired }, `expired ${expired} photo upload session(s)`);
          if (leftovers) log.info({ leftovers }, `removed ${leftovers} file(s) left by photo uploads cut short`);
          if (error) log.warn({ err: error }, 'the photo store could not release an expired upload; retrying later');
        },
        (error: unknown) => log.warn({ err: error }, 'the photo upload expiry sweep failed'),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void sweepNow(), everyMs);
  timer.unref();
  void sweepNow();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
