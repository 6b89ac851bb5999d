import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { App } from 'electron';

/** The slice of Electron's `app` that places the app's folders (tests pass a fake). */
export type AppFolders = Pick<App, 'isPackaged' | 'getName' | 'getPath' | 'setPath' | 'setAppLogsPath'>;

/**
 * The per-user LOCAL app-data folder. On Windows `userData` is under the roaming profile, which
 * domain networks copy on every logon: a database of hundreds of MB must not live there. So the app
 * (and Chromium's caches with it) moves to `%LOCALAPPDATA%\Fieldsync`. Development runs and the
 * Electron test suite name their own folder in `FIELDSYNC_USER_DATA` (ignored by packaged builds) so
 * they never touch an officer's data. Call before `ready`.
 */
export function moveToLocalAppData(
  app: AppFolders,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const local = userDataFolder(app, env, platform);
  mkdirSync(local, { recursive: true });
  app.setPath('userData', local);
  app.setAppLogsPath(join(local, 'logs'));
  return local;
}

function userDataFolder(app: AppFolders, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (!app.isPackaged && env.FIELDSYNC_USER_DATA) return resolve(env.FIELDSYNC_USER_DATA);
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, app.getName());
  return app.getPath('userData');
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
