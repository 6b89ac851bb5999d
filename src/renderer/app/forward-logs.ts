import type { FieldsyncApi } from '../../shared/ipc/api.js';

/** At most this many lines per window reach main; a storm (a render loop) is summarised, not lost. */
const MAX_LINES = 30;
const WINDOW_MS = 10_000;

/**
 * Sends the page's errors and warnings to main's log file (electron-log), so an exported diagnostics
 * file shows what the officer saw. The console still gets them too.
 */
export function forwardLogs(api: FieldsyncApi): void {
  let windowStart = Date.now();
  let sent = 0;
  let held = 0;
  const send = (level: 'error' | 'warn', parts: unknown[]) => {
    const now = Date.now();
    if (now - windowStart > WINDOW_MS) {
      if (held > 0) void api.log.write({ level: 'warn', message: `${held} more page log lines were not forwarded` });
      windowStart = now;
      sent = 0;
      held = 0;
    }
    if (sent >= MAX_LINES) {
      held++;
      return;
    }
    sent++;
    void api.log.write({ level, message: parts.map(describe).join(' ').slice(0, 10_000) });
  };
  for (const level of ['error', 'warn'] as const) {
    const original = console[level].bind(console);
    console[level] = (...parts: unknown[]) => {
      original(...parts);
      send(level, parts);
    };
  }
  window.addEventListener('error', (e) => send('error', [e.message, e.error]));
  window.addEventListener('unhandledrejection', (e) => send('error', ['Unhandled rejection', e.reason]));
}

function describe(part: unknown): string {
  if (part instanceof Error) return part.stack ?? part.message;
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
