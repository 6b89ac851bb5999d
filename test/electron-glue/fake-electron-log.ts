/**
 * A fake of `electron-log/main` (which needs Electron to load): records the configuration the shell
 * sets and every line written through a scope. `vi.mock('electron-log/main', () => import('./fake-electron-log.js'))`.
 */
import { vi } from 'vitest';

export interface FakeLogLine {
  readonly scope: string;
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly args: unknown[];
}

const lines: FakeLogLine[] = [];
let filePath: string | null = '/logs/main.log';

const scope = (name: string) => {
  const at =
    (level: FakeLogLine['level']) =>
    (...args: unknown[]) =>
      void lines.push({ scope: name, level, args });
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
};

const log = {
  transports: {
    file: {
      level: false as string | false,
      maxSize: 0,
      getFile: () => {
        if (!filePath) throw new Error('EACCES: the log folder cannot be written');
        return { path: filePath };
      },
    },
    console: { level: false as string | false },
  },
  scope,
  errorHandler: { startCatching: vi.fn(() => undefined) },
};

export default log;

/** What the fake recorded, and where its file is (`null`: the file cannot be opened). */
export const fakeLog = {
  lines,
  setFilePath(path: string | null): void {
    filePath = path;
  },
};
