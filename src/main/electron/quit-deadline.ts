import { createLogger } from '../log.js';

const log = createLogger('main');

/**
 * How long quitting waits for the core to close (the running sync cancelled, its part uploads
 * aborted, the store checkpointed) before the process ends anyway. The window is already gone by
 * then, and while the process lives it holds the single-instance lock: a click on the icon would
 * start a second Fieldsync that quits at once ("Fieldsync won't open"). Ending without the close is
 * safe: the store runs WAL with `synchronous = FULL`, so every committed transaction is on disk, and
 * part uploads resume from the last acknowledged part at the next start.
 */
export const QUIT_DEADLINE_MS = 5_000;

/** What of Electron's `app` ending the process needs. */
export interface Quitter {
  /** Quits normally (emits `before-quit` again; the caller lets it through). */
  quit(): void;
  /** Ends the process at once, without `before-quit` or closing windows. */
  exit(code?: number): void;
}

/**
 * Closes the core, then quits; if the close has not ended within `deadlineMs`, ends the process
 * with `exit(0)` instead of waiting. Answers how it ended.
 */
export function closeThenQuit(
  close: () => Promise<void>,
  app: Quitter,
  deadlineMs: number = QUIT_DEADLINE_MS,
): Promise<'closed' | 'deadline'> {
  return new Promise((resolve) => {
    const started = Date.now();
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      log.warn(`Fieldsync did not close within ${deadlineMs} ms; ending now (the data is safe on disk)`);
      app.exit(0);
      resolve('deadline');
    }, deadlineMs);
    void close()
      .catch((e: unknown) => log.error('The store did not close cleanly', e))
      .finally(() => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        log.info(`Closed in ${Date.now() - started} ms`);
        app.quit();
        resolve('closed');
      });
  });
}
