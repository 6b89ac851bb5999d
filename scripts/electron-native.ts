/**
 * `npm run native:electron [-- --arch x64]`: puts better-sqlite3 built for the installed Electron in
 * `electron-native/` (with a stamp of what it was made for), leaving node_modules' Node build alone, so
 * `npm test` and `npm start` never rebuild each other's binary. Why a separate folder:
 * src/main/electron/sqlite-addon.ts.
 *
 * 1. Up to date (the stamp fits this Electron, platform, arch and better-sqlite3): nothing to do.
 * 2. Else download the prebuilt binary (prebuild-install, from better-sqlite3's GitHub releases).
 * 3. Else build it from source for Electron (@electron/rebuild: Electron's headers from the internet and
 *    a C++ toolchain; on Windows Visual Studio Build Tools with "Desktop development with C++").
 * 4. Where Electron's binary is installed, load the result in Electron (ELECTRON_RUN_AS_NODE) to prove it.
 * Work happens on a copy of the package in electron-native/.work, never in node_modules.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ADDON_FILE,
  type AddonStamp,
  CHECKOUT_FOLDER,
  FIX_COMMAND,
  installedBetterSqlite3Version,
  readAddonStamp,
  STAMP_FILE,
  stampFits,
} from '../src/main/electron/sqlite-addon.js';
import { electronBinary } from './electron-executable.js';

const require = createRequire(import.meta.url);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({
  options: { arch: { type: 'string', default: process.arch }, out: { type: 'string', default: CHECKOUT_FOLDER } },
});
const out = resolve(root, values.out);
const work = join(out, '.work');
const electronVersion = (require('electron/package.json') as { version: string }).version;
// The package says its ABI (NODE_MODULE_VERSION) itself.
const abi = readFileSync(require.resolve('electron/abi_version'), 'utf8').trim();
const wanted: AddonStamp = {
  betterSqlite3: installedBetterSqlite3Version(),
  runtime: 'electron',
  target: electronVersion,
  abi,
  platform: process.platform,
  arch: values.arch,
};
const label = `better-sqlite3 ${wanted.betterSqlite3} for Electron ${electronVersion} (ABI ${abi}, ${wanted.platform}-${wanted.arch})`;

const present = readAddonStamp(out);
if (typeof present !== 'string' && stampFits(present, wanted) && existsSync(join(out, ADDON_FILE))) {
  console.log(`${label}: up to date in ${out}`);
  process.exit(0);
}

const failures: string[] = [];
const built = (await fetchPrebuilt()) ?? (await buildFromSource());
if (!built) {
  console.error(
    [
      `Could not get ${label}.`,
      ...failures.map((f) => `  - ${f}`),
      'Downloading it needs internet access to github.com; building it needs Electron headers from',
      'electronjs.org and a C++ toolchain (Windows: Visual Studio Build Tools, "Desktop development with C++").',
      `Tests, CLIs and the server do not need it. Once connected, run: ${FIX_COMMAND}`,
    ].join('\n'),
  );
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}
copyFileSync(built, join(out, ADDON_FILE));
writeFileSync(join(out, STAMP_FILE), `${JSON.stringify(wanted, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
console.log(`${label}: written to ${join(out, ADDON_FILE)}`);
proveInElectron();

/** A copy of the package (sources, no build) to download or build into. */
function stagePackage(): string {
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const copy = join(work, 'node_modules', 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(source, copy, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({
      name: 'fieldsync-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': wanted.betterSqlite3 },
    }),
  );
  return copy;
}

async function fetchPrebuilt(): Promise<string | undefined> {
  const copy = stagePackage();
  const bin = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  console.log(`Downloading ${label}…`);
  const run = spawnSync(
    process.execPath,
    [bin, '--runtime', 'electron', '--target', electronVersion, '--arch', wanted.arch, '--verbose'],
    { cwd: copy, encoding: 'utf8', timeout: 120_000 },
  );
  const binary = join(copy, 'build', 'Release', ADDON_FILE);
  if (run.status === 0 && existsSync(binary)) return binary;
  failures.push(`prebuilt download: ${lastLine(`${run.stderr}${run.error?.message ?? ''}`) || `exit ${run.status}`}`);
  return undefined;
}

async function buildFromSource(): Promise<string | undefined> {
  const copy = stagePackage();
  console.log(`Building ${label} from source…`);
  // A machine-wide npm `nodedir` (set where Node's headers cannot be downloaded) would make node-gyp
  // build against Node's headers whatever the target: the result would be a Node build stamped Electron.
  delete process.env.npm_config_nodedir;
  delete process.env.NPM_CONFIG_NODEDIR;
  try {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({
      buildPath: work,
      electronVersion,
      arch: wanted.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
      buildFromSource: true,
    });
  } catch (e) {
    failures.push(`build from source: ${lastLine((e as Error).message)}`);
    return undefined;
  }
  const binary = join(copy, 'build', 'Release', ADDON_FILE);
  if (!existsSync(binary)) {
    failures.push(`build from source: finished without ${binary}`);
    return undefined;
  }
  if (loadsInThisNode(binary)) {
    failures.push(
      `build from source: the result loads in Node ${process.version}, so it was built for Node, not Electron`,
    );
    return undefined;
  }
  return binary;
}

/** Whether plain Node (ABI ${process.versions.modules}) can load the file: an Electron build cannot. */
function loadsInThisNode(binary: string): boolean {
  const probe = `new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(':memory:', { nativeBinding: ${JSON.stringify(binary)} }).close()`;
  return spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore' }).status === 0;
}

/** Opens a database through the new file inside Electron itself, where Electron's binary is here. */
function proveInElectron(): void {
  const electron = electronBinary();
  if ('missing' in electron) {
    console.log(`The build was not loaded in Electron: ${electron.missing}.`);
    return;
  }
  const probe = `new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(':memory:', { nativeBinding: ${JSON.stringify(join(out, ADDON_FILE))} }).close(); console.log('loaded in Electron ' + process.versions.electron)`;
  const run = spawnSync(electron.path, ['-e', probe], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    timeout: 60_000,
  });
  if (run.status !== 0) {
    console.error(`The build does not load in Electron: ${lastLine(run.stderr)}`);
    process.exit(1);
  }
  console.log(run.stdout.trim());
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}
