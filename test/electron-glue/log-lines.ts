import { type LogLevel, setLogSink } from '../../src/main/log.js';

export interface LogLine {
  readonly level: LogLevel;
  readonly scope: string;
  readonly message: string;
}

/** Routes every module's logger into an array, so a test can assert what the glue explained. */
export function captureLog(): LogLine[] {
  const lines: LogLine[] = [];
  setLogSink((level, scope, message) => lines.push({ level, scope, message }));
  return lines;
}
