/**
 * The Electron build of better-sqlite3 beside node_modules (src/main/electron/sqlite-addon.ts), proven
 * with the Node ABI: the same checks and the same `nativeBinding` path, with node_modules' own build
 * copied to a separate folder and stamped as if for the running runtime.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADDON_FILE,
  type AddonStamp,
  checkSqliteAddon,
  SqliteAddonError,
  STAMP_FILE,
  sqliteAddonForApp,
  stampForRuntime,
} from '../../src/main/electron/sqlite-addon.js';
import { openDatabase } from '../../src/main/store/open-database.js';
import { openSqlite, setSqliteNativeBinding } from '../../src/main/store/sqlite-binding.js';

const nodeBuild = join(
  dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  ADDON_FILE,
);
const dirs: string[] = [];
afterEach(() => {
  setSqliteNativeBinding(undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A folder as `npm run native:electron` leaves it: the addon (unless `addon: false`) and its stamp. */
function addonFolder(stamp: AddonStamp | null, addon: Buffer | 'node-build' | false = 'node-build'): string {
  const dir = mkdtempSync(join(tmpdir(), 'fieldsync-addon-'));
  dirs.push(dir);
  if (addon === 'node-build') copyFileSync(nodeBuild, join(dir, ADDON_FILE));
  else if (addon) writeFileSync(join(dir, ADDON_FILE), addon);
  if (stamp) writeFileSync(join(dir, STAMP_FILE), JSON.stringify(stamp));
  return dir;
}

const here = stampForRuntime(process.versions);
const electron45 = { ...here, runtime: 'electron', target: '45.6.0', abi: '150' } as const;

describe('checking the separate build', () => {
  it('accepts a build stamped for this runtime that loads, and every database then opens through it', () => {
    const folder = addonFolder(here);
    const check = checkSqliteAddon(folder, here);
    expect(check).toEqual({ ok: true, path: join(folder, ADDON_FILE) });
    setSqliteNativeBinding(join(folder, ADDON_FILE));
    const store = openDatabase({ path: ':memory:' });
    expect(store.sqlite.prepare('select count(*) as n from store_meta').get()).toEqual({ n: expect.any(Number) });
    store.close();
  });

  it('the binding really is used: a binding that is not there fails the open instead of falling back', () => {
    setSqliteNativeBinding(join(tmpdir(), 'no-such-folder', ADDON_FILE));
    expect(() => openSqlite(':memory:')).toThrow(/Cannot find module|no-such-folder/);
  });

  it('says what is missing when the folder has no build', () => {
    const folder = addonFolder(null, false);
    expect(checkSqliteAddon(folder, electron45)).toEqual({
      ok: false,
      reason: `better-sqlite3 for Electron 45.6.0 (ABI 150, ${here.platform}-${here.arch}), better-sqlite3 ${here.betterSqlite3} is not in ${folder}.`,
    });
  });

  it('refuses a build made for another Electron, platform or library version, saying for what', () => {
    const folder = addonFolder(electron45);
    expect(checkSqliteAddon(folder, here)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('was made for Electron 45.6.0 (ABI 150'),
    });
    expect(checkSqliteAddon(addonFolder({ ...here, arch: 'ia32' }), here)).toMatchObject({ ok: false });
    expect(checkSqliteAddon(addonFolder({ ...here, betterSqlite3: '11.0.0' }), here)).toMatchObject({ ok: false });
  });

  it('refuses a build without a readable stamp, and one that does not load', () => {
    expect(checkSqliteAddon(addonFolder(null), here)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cannot be checked: .*better_sqlite3\.json is missing/),
    });
    const broken = addonFolder(here, Buffer.from('not a shared library'));
    expect(checkSqliteAddon(broken, here)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is stamped for this runtime but it does not load \(/),
    });
  });
});

describe('the app start', () => {
  const underElectron = { ...process.versions, electron: '45.6.0' };

  it('uses node_modules own build under plain Node', () => {
    expect(sqliteAddonForApp({ isPackaged: false, resourcesPath: '/nowhere', appPath: '/nowhere' })).toBeUndefined();
  });

  it('under Electron, a checkout uses electron-native/ and a packaged app resources/native/', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'fieldsync-checkout-'));
    dirs.push(checkout);
    const stamped = { ...here, runtime: 'electron', target: '45.6.0' } as const;
    const folder = addonFolder(stamped);
    rmSync(checkout, { recursive: true });
    copyDir(folder, join(checkout, 'electron-native'));
    expect(sqliteAddonForApp({ isPackaged: false, resourcesPath: '/nowhere', appPath: checkout }, underElectron)).toBe(
      join(checkout, 'electron-native', ADDON_FILE),
    );
    const resources = mkdtempSync(join(tmpdir(), 'fieldsync-resources-'));
    dirs.push(resources);
    copyDir(folder, join(resources, 'native'));
    expect(sqliteAddonForApp({ isPackaged: true, resourcesPath: resources, appPath: '/nowhere' }, underElectron)).toBe(
      join(resources, 'native', ADDON_FILE),
    );
  });

  it('a missing build is one message with the command that fixes it (the installer, for a packaged app)', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'fieldsync-checkout-'));
    dirs.push(checkout);
    const start = () =>
      sqliteAddonForApp({ isPackaged: false, resourcesPath: '/nowhere', appPath: checkout }, underElectron);
    expect(start).toThrow(SqliteAddonError);
    expect(start).toThrow(
      new RegExp(
        `^Fieldsync cannot open its database: better-sqlite3 for Electron 45\\.6\\.0 .* is not in ${checkout}/electron-native\\.\\n\\nRun \`npm run native:electron\` in ${checkout} \\(it needs internet\\), then start again\\.$`,
      ),
    );
    expect(() =>
      sqliteAddonForApp({ isPackaged: true, resourcesPath: checkout, appPath: '/nowhere' }, underElectron),
    ).toThrow(/\n\nThis installation is incomplete: install Fieldsync again \(your data is kept\)\.$/);
  });
});

function copyDir(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

describe('one road to SQLite in main', () => {
  it('no module in src/main opens a connection except through openSqlite (or checks the addon itself)', () => {
    const main = join(dirname(new URL(import.meta.url).pathname), '../../src/main');
    const allowed = new Set(['store/sqlite-binding.ts', 'electron/sqlite-addon.ts']);
    const offenders = (readdirSync(main, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !allowed.has(f.split(sep).join('/')))
      .filter((f) => /\bnew Database\(|\bDatabase\(/.test(readFileSync(join(main, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
