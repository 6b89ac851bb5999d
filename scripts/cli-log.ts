import { format } from 'node:util';
import { setLogSink } from '../src/main/log.js';

/**
 * The command-line tools print JSON on stdout for scripts to read; the app's log lines (the engine's
 * sync outcome, retries) go to stderr with the human messages, never into that JSON.
 */
export function logToStderr(): void {
  setLogSink((level, scope, message, details) => {
    if (level === 'debug' && !process.env.FIELDSYNC_DEBUG) return;
    process.stderr.write(`${format(`[${scope}] ${message}`, ...details)}\n`);
  });
}
