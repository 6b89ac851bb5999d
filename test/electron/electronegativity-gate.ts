/**
 * `npm run electronegativity`: scans what ships (the built main, preload and renderer) with
 * @doyensec/electronegativity and fails on any MEDIUM or worse finding that no exclusion below accepts.
 * An exclusion names the TypeScript call site (found through the bundle's source map), the flagged code
 * and, where one makes it safe, the guard before it — never a whole bundle — so a new `shell.openExternal`
 * anywhere else fails. `electronegativity-gate.test.ts` proves it on tiny fixture apps.
 * Run after `npm run build` (the npm script does both).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import remapping from '@jridgewell/remapping';
import { transform } from 'esbuild';
import { describeVerdict, type Exclusion, judge, scanApp, type Verdict } from './electronegativity-scan.js';

/** The allow-list check every opened link must pass first (src/main/app/external-links.ts). */
const ALLOW_LIST = /isAllowedExternalUrl\(url, /;

export const EXCLUSIONS: readonly Exclusion[] = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    source: 'src/main/electron/secure-window.ts',
    code: /^\s*if \(isAllowedExternalUrl\(url, \[\.\.\.HELP_HOSTS, \.\.\.allowedHosts\(\)\]\)\) void shell\.openExternal\(url\);$/,
    guard: { pattern: ALLOW_LIST, within: 0 },
    why:
      'A window the page tries to open goes to the system browser only on the same line as isAllowedExternalUrl ' +
      '(URL parsed, http(s) only, no credentials, host on the allow-list); test/app/external-links.test.ts covers it.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    source: 'src/main/app/handlers/settings-handlers.ts',
    code: /^\s*await platform\.openExternal\(url\);$/,
    guard: { pattern: /if \(!isAllowedExternalUrl\(url, /, within: 8 },
    why: 'The shell:openExternal handler returns FORBIDDEN above this call unless isAllowedExternalUrl accepts the URL.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    source: 'src/main/electron/electron-platform.ts',
    code: /^\s*openExternal: \(url\) => shell\.openExternal\(url\),$/,
    why:
      'The Electron side of the Platform port; its callers are themselves flagged at their own call sites ' +
      '(platform.openExternal), and the only accepted one is the guarded settings handler above.',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    source: 'src/main/electron/secure-window.ts',
    code: /^\s*preload: join\(preloadDir, 'index\.cjs'\),$/,
    why:
      'A "review the preload" reminder. The preload (src/preload/index.ts) exposes one method per contract channel ' +
      'through contextBridge and never ipcRenderer or a generic invoke; test/app/ipc-contract.test.ts checks the shape ' +
      'and main validates the sender frame and every argument.',
  },
];

/**
 * Copies what ships from `outDir` into `stage` for scanning. Every source map in the copy names its
 * sources by absolute path, so findings in the copy trace back to the repository's files. The scanner
 * cannot walk class static blocks ("Unknown node type StaticBlock": the renderer bundle carries them,
 * from Fluent's focus library), so renderer scripts are lowered to ES2021 first and their maps chained
 * through the lowering — without this the whole renderer bundle went unchecked.
 */
async function stageBundles(outDir: string, stage: string): Promise<void> {
  for (const dir of ['main', 'preload', 'renderer']) {
    if (!existsSync(join(outDir, dir))) continue;
    cpSync(join(outDir, dir), join(stage, dir), { recursive: true });
    for (const file of readdirSync(join(stage, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js')) continue;
      const staged = join(stage, dir, file);
      const outMap = join(outDir, dir, `${file}.map`);
      const map = existsSync(outMap)
        ? absoluteSources(JSON.parse(readFileSync(outMap, 'utf8')), dirname(outMap))
        : null;
      if (dir !== 'renderer') {
        if (map) writeFileSync(`${staged}.map`, JSON.stringify(map));
        continue;
      }
      const lowered = await transform(readFileSync(staged, 'utf8'), {
        loader: 'js',
        format: 'esm',
        target: 'es2021',
        sourcemap: 'external',
        sourcefile: staged,
      });
      writeFileSync(staged, lowered.code);
      const chained = map ? remapping([lowered.map, JSON.stringify(map)], () => null) : JSON.parse(lowered.map);
      writeFileSync(`${staged}.map`, JSON.stringify(chained));
    }
  }
}

/** The map with each source resolved to an absolute path (a map's sources are relative to the map). */
function absoluteSources(map: SourceMapPayload, mapDir: string): SourceMapPayload {
  const root = map.sourceRoot ?? '';
  return {
    ...map,
    sourceRoot: '',
    sources: map.sources.map((s) => resolve(mapDir, root, s.replace(/^file:\/\//, ''))),
  };
}

/** Scans `outDir` (main, preload, renderer bundles with their source maps) and judges every finding. */
export async function runGate(options: {
  readonly outDir: string;
  readonly root: string;
  readonly exclusions?: readonly Exclusion[];
}): Promise<Verdict[]> {
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  // Scan a copy holding only what ships (no stray files beside the bundles).
  const stage = mkdtempSync(join(tmpdir(), 'fieldsync-electronegativity-app-'));
  try {
    await stageBundles(options.outDir, stage);
    const findings = scanApp(stage, electronVersion);
    return judge(findings, options.exclusions ?? EXCLUSIONS, stage, options.root);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = resolve(import.meta.dirname, '../..');
  const outDir = join(root, 'out');
  for (const dir of ['main', 'preload', 'renderer']) {
    if (!existsSync(join(outDir, dir))) {
      console.error(`out/${dir} is missing: run npm run build first.`);
      process.exit(2);
    }
  }
  const verdicts = await runGate({ outDir, root });
  for (const v of verdicts) console.log(describeVerdict(v));
  const failing = verdicts.filter((v) => v.failing);
  const used = new Set(verdicts.map((v) => v.excusedBy).filter(Boolean));
  console.log(`\n${verdicts.length} finding(s); ${failing.length} MEDIUM or worse not excluded.`);
  for (const e of EXCLUSIONS) {
    console.log(`${used.has(e) ? 'Excluded' : 'Unused exclusion'} ${e.check} at ${e.source}: ${e.why}`);
  }
  process.exit(failing.length > 0 ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
