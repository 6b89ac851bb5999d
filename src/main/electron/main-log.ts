import log from 'electron-log/main';
import { setLogSink } from '../log.js';

/**
 * electron-log writes main's log file in the standard place (the app's logs folder); every module's
 * scoped logger, and the page's forwarded lines, go there.
 */
export function configureMainLog(): string | null {
  log.transports.file.level = 'info';
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.transports.console.level = process.env.NODE_ENV === 'development' ? 'debug' : 'warn';
  setLogSink((level, scope, message, details) => log.scope(scope)[level](message, ...details));
  log.errorHandler.startCatching();
  try {
    return log.transports.file.getFile().path;
  } catch {
    return null;
  }
}
