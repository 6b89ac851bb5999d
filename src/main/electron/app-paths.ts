import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';

/**
 * The per-user LOCAL app-data folder. On Windows `userData` is under the roaming profile, which
 * domain networks copy on every logon: a database of hundreds of MB must not live there. So the app
 * (and Chromium's caches with it) moves to `%LOCALAPPDATA%\Fieldsync`. Call before `ready`.
 */
export function moveToLocalAppData(): string {
  const local =
    process.platform === 'win32' && process.env.LOCALAPPDATA
      ? join(process.env.LOCALAPPDATA, app.getName())
      : app.getPath('userData');
  mkdirSync(local, { recursive: true });
  app.setPath('userData', local);
  app.setAppLogsPath(join(local, 'logs'));
  return local;
}

const LOCATION_FILE = 'data-location.json';

/** Where the data lives: the local app-data folder, unless the officer chose another one in Settings. */
export function dataFolder(base: string): string {
  const file = join(base, LOCATION_FILE);
  if (!existsSync(file)) return join(base, 'data');
  try {
    const { dataFolder: chosen } = JSON.parse(readFileSync(file, 'utf8')) as { dataFolder?: unknown };
    return typeof chosen === 'string' && chosen.length > 0 ? chosen : join(base, 'data');
  } catch {
    return join(base, 'data');
  }
}

/** Records where the data lives from now on (written atomically: a torn file would lose the folder). */
export function recordDataFolder(base: string, folder: string): void {
  const file = join(base, LOCATION_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify({ dataFolder: folder }));
  renameSync(`${file}.tmp`, file);
}
