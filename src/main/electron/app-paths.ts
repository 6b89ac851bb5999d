import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { App } from 'electron';
import { text } from '../../shared/i18n/message.js';
import type { DataLocation } from '../app/data-folder/data-location.js';
import { type FileOps, retryingFs } from '../fs/retry-fs.js';

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

/** What the officer reads about an unreadable location record (the `settings` catalog). */
const LOCATION_TEXT = {
  unreadable: (file: string, why: string) => text('settings:dataFolder.missing.recordUnreadable', { file, why }),
  backslashes: (file: string) => text('settings:dataFolder.missing.recordBackslashes', { file }),
  noFolder: (file: string) => text('settings:dataFolder.missing.recordNoFolder', { file }),
} as const;

/**
 * Where the data lives: the default folder (`<base>\data`) unless the officer chose another in
 * Settings. A record that cannot be read is reported as a problem, never silently replaced by the
 * default: that would open an empty data folder and hide the officer's unsent work. A byte-order
 * mark (Notepad's UTF-8) is no problem; a path with single backslashes is read as the path it
 * plainly names, and still reported.
 */
export function readDataLocation(base: string): DataLocation {
  const file = join(base, LOCATION_FILE);
  const defaultFolder = join(base, 'data');
  if (!existsSync(file)) return { folder: defaultFolder, defaultFolder, problem: null };
  let content: string;
  try {
    content = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    return { folder: null, defaultFolder, problem: LOCATION_TEXT.unreadable(file, String(e)) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (e) {
    const written = /"dataFolder"\s*:\s*"([^"]+)"/.exec(content)?.[1];
    const problem = written?.includes('\\')
      ? LOCATION_TEXT.backslashes(file)
      : LOCATION_TEXT.unreadable(file, (e as Error).message);
    return { folder: written ?? null, defaultFolder, problem };
  }
  const chosen = (parsed as { dataFolder?: unknown } | null)?.dataFolder;
  if (typeof chosen !== 'string' || chosen.length === 0) {
    return { folder: null, defaultFolder, problem: LOCATION_TEXT.noFolder(file) };
  }
  return { folder: chosen, defaultFolder, problem: null };
}

/** The folder the data is in now (the default one while the record is unreadable): the token store's folder. */
export function dataFolder(base: string): string {
  const location = readDataLocation(base);
  return location.problem ? location.defaultFolder : (location.folder ?? location.defaultFolder);
}

/**
 * Records where the data lives from now on: written atomically and retried through a lock (a torn or
 * half-written record would lose the folder).
 */
export async function recordDataFolder(base: string, folder: string, fs: FileOps = retryingFs): Promise<void> {
  await fs.writeFileAtomic(join(base, LOCATION_FILE), JSON.stringify({ dataFolder: folder }));
}
