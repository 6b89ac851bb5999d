import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureMainLog } from '../../src/main/electron/main-log.js';
import { createLogger } from '../../src/main/log.js';
import log, { fakeLog } from './fake-electron-log.js';

vi.mock('electron-log/main', () => import('./fake-electron-log.js'));

afterEach(() => {
  vi.unstubAllEnvs();
  fakeLog.setFilePath('/logs/main.log');
});

describe('the main log', () => {
  it('writes info and up to a bounded file, warnings to the console, and catches uncaught errors', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(configureMainLog()).toBe('/logs/main.log');
    expect(log.transports.file.level).toBe('info');
    expect(log.transports.file.maxSize).toBe(5 * 1024 * 1024);
    expect(log.transports.console.level).toBe('warn');
    expect(log.errorHandler.startCatching).toHaveBeenCalled();
  });

  it('shows debug lines on the console in development', () => {
    vi.stubEnv('NODE_ENV', 'development');
    configureMainLog();
    expect(log.transports.console.level).toBe('debug');
  });

  it('receives every module’s scoped lines, details included', () => {
    configureMainLog();
    const error = new Error('disk full');
    createLogger('sync').warn('Sync failed', error, { attempt: 2 });
    createLogger('page').info('Opened the queue');
    expect(fakeLog.lines.slice(-2)).toEqual([
      { scope: 'sync', level: 'warn', args: ['Sync failed', error, { attempt: 2 }] },
      { scope: 'page', level: 'info', args: ['Opened the queue'] },
    ]);
  });

  it('answers no log file (diagnostics say so) when the file cannot be opened', () => {
    fakeLog.setFilePath(null);
    expect(configureMainLog()).toBeNull();
  });
});
