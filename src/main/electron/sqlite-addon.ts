/**
 * better-sqlite3 for Electron, kept beside node_modules instead of inside it.
 *
 * better-sqlite3 is a V8 addon (not N-API), so one build runs under one ABI: `npm install` builds
 * node_modules' copy for Node, which vitest, the CLIs and the server keep using. Rebuilding that copy
 * for Electron would break them until the next rebuild back (the flip-flop `electron-rebuild` users
 * know). Instead `npm run native:electron` (scripts/electron-native.ts) puts an Electron build and a
 * stamp saying what it was made for in `electron-native/`; the installer carries the same two files in
 * `resources/native/`. Electron's main process checks them here and opens every database through that
 * file (better-sqlite3's `nativeBinding` option). sharp and drivelist are N-API addons: their Node
 * builds load in Electron as they are.
 *
 * No `electron` import: this runs under plain Node too (the tests, the script).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import { loadSqliteAddon } from '../store/index.js';

export const ADDON_FILE = 'better_sqlite3.node';
export const STAMP_FILE = 'better_sqlite3.json';
/** The folder of a checkout that holds the developer's Electron build (git-ignored). */
export const CHECKOUT_FOLDER = 'electron-native';
/** The folder under the packaged app's resources (electron-builder.yml extraResources). */
export const PACKAGED_FOLDER = 'native';
export const FIX_COMMAND = 'npm run native:electron';

/** What an addon build was made for; the stamp file beside it. */
export const addonStampSchema = z.strictObject({
  betterSqlite3: z.string().min(1),
  runtime: z.enum(['electron', 'node']),
  target: z.string().min(1),
  abi: z.string().regex(/^\d+$/),
  platform: z.string().min(1),
  arch: z.string().min(1),
});
export type AddonStamp = z.infer<typeof addonStampSchema>;

/** The version of better-sqlite3's JavaScript in node_modules: the addon must come from the same version. */
export function installedBetterSqlite3Version(): string {
  const pkg = createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string };
  return pkg.version;
}

/** The stamp a build for the running process would carry (`versions`: `process.versions`). */
export function stampForRuntime(
  versions: NodeJS.ProcessVersions,
  platform: string = process.platform,
  arch: string = process.arch,
): AddonStamp {
  const electron = versions.electron;
  return {
    betterSqlite3: installedBetterSqlite3Version(),
    runtime: electron ? 'electron' : 'node',
    target: electron ?? versions.node,
    abi: versions.modules,
    platform,
    arch,
  };
}

const describeStamp = (s: AddonStamp): string =>
  `${s.runtime === 'electron' ? 'Electron' : 'Node'} ${s.target} (ABI ${s.abi}, ${s.platform}-${s.arch}), better-sqlite3 ${s.betterSqlite3}`;

/** Whether a stamp fits what is wanted: same library version, ABI, platform and architecture. */
export function stampFits(found: AddonStamp, wanted: AddonStamp): boolean {
  return (
    found.betterSqlite3 === wanted.betterSqlite3 &&
    found.abi === wanted.abi &&
    found.platform === wanted.platform &&
    found.arch === wanted.arch
  );
}

/** The stamp in `folder`, or why it cannot be read. */
export function readAddonStamp(folder: string): AddonStamp | string {
  const file = join(folder, STAMP_FILE);
  if (!existsSync(file)) return `${file} is missing`;
  try {
    const parsed = addonStampSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : `${file} is not a build stamp (${parsed.error.issues[0]?.message})`;
  } catch (e) {
    return `${file} is not JSON (${(e as Error).message})`;
  }
}

export type AddonCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/**
 * Checks the build in `folder` for the runtime `wanted` describes: present, stamped for it, and
 * loadable (a probe opens an in-memory database through it). Answers why not as one sentence.
 */
export function checkSqliteAddon(folder: string, wanted: AddonStamp): AddonCheck {
  const path = join(folder, ADDON_FILE);
  const needed = `better-sqlite3 for ${describeStamp(wanted)}`;
  if (!existsSync(path)) return { ok: false, reason: `${needed} is not in ${folder}.` };
  const stamp = readAddonStamp(folder);
  if (typeof stamp === 'string') return { ok: false, reason: `${path} cannot be checked: ${stamp}.` };
  if (!stampFits(stamp, wanted)) {
    return { ok: false, reason: `${path} was made for ${describeStamp(stamp)}; this needs ${needed}.` };
  }
  try {
    loadSqliteAddon(path);
  } catch (e) {
    const first = (e as Error).message.split('\n')[0] ?? '';
    const why = /NODE_MODULE_VERSION/.test((e as Error).message)
      ? 'it was compiled for another Electron or Node version'
      : `it does not load (${first})`;
    return { ok: false, reason: `${path} is stamped for this runtime but ${why}.` };
  }
  return { ok: true, path };
}

/** Where the running app finds its Electron build. */
export interface AppLocation {
  readonly isPackaged: boolean;
  /** `process.resourcesPath` (packaged). */
  readonly resourcesPath: string;
  /** `app.getAppPath()`: the checkout in development. */
  readonly appPath: string;
}

/** An addon that cannot be used, with the sentence an officer or developer needs to fix it. */
export class SqliteAddonError extends Error {
  override readonly name = 'SqliteAddonError';
}

/**
 * The addon file Electron's main process opens its databases through, or `undefined` under plain
 * Node (the shell's tests on the fake Electron), where node_modules' own build is the right one.
 * Throws `SqliteAddonError` with one readable message (what is wrong, the command that fixes it).
 */
export function sqliteAddonForApp(where: AppLocation, versions: NodeJS.ProcessVersions = process.versions) {
  if (!versions.electron) return undefined;
  const folder = where.isPackaged ? join(where.resourcesPath, PACKAGED_FOLDER) : join(where.appPath, CHECKOUT_FOLDER);
  const check = checkSqliteAddon(folder, stampForRuntime(versions));
  if (check.ok) return check.path;
  const fix = where.isPackaged
    ? 'This installation is incomplete: install Fieldsync again (your data is kept).'
    : `Run \`${FIX_COMMAND}\` in ${where.appPath} (it needs internet), then start again.`;
  throw new SqliteAddonError(`Fieldsync cannot open its database: ${check.reason}\n\n${fix}`);
}
