/**
 * `npm run electronegativity`: scans what ships (the built main, preload and renderer) with
 * @doyensec/electronegativity and fails on any MEDIUM or worse finding that no exclusion below accepts.
 * An exclusion names the TypeScript call site (found through the bundle's source map), the flagged code
 * and, where one makes it safe, the guard before it — never a whole bundle — so a new `shell.openExternal`
 * anywhere else fails. `electronegativity-gate.test.ts` proves it on tiny fixture apps.
 * Run after `npm run build` (the npm script does both).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** Scans `outDir` (main, preload, renderer bundles with their source maps) and judges every finding. */
export function runGate(options: {
  readonly outDir: string;
  readonly root: string;
  readonly exclusions?: readonly Exclusion[];
}): Verdict[] {
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  // Scan a copy holding only what ships (no stray files beside the bundles).
  const stage = mkdtempSync(join(tmpdir(), 'fieldsync-electronegativity-app-'));
  try {
    for (const dir of ['main', 'preload', 'renderer']) {
      if (existsSync(join(options.outDir, dir)))
        cpSync(join(options.outDir, dir), join(stage, dir), { recursive: true });
    }
    const findings = scanApp(stage, electronVersion);
    // Report paths are relative to the stage, a mirror of outDir: the maps resolve from outDir.
    return judge(findings, options.exclusions ?? EXCLUSIONS, options.outDir, options.root);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function main(): void {
  const root = resolve(import.meta.dirname, '../..');
  const outDir = join(root, 'out');
  for (const dir of ['main', 'preload', 'renderer']) {
    if (!existsSync(join(outDir, dir))) {
      console.error(`out/${dir} is missing: run npm run build first.`);
      process.exit(2);
    }
  }
  const verdicts = runGate({ outDir, root });
  for (const v of verdicts) console.log(describeVerdict(v));
  const failing = verdicts.filter((v) => v.failing);
  const used = new Set(verdicts.map((v) => v.excusedBy).filter(Boolean));
  console.log(`\n${verdicts.length} finding(s); ${failing.length} MEDIUM or worse not excluded.`);
  for (const e of EXCLUSIONS) {
    console.log(`${used.has(e) ? 'Excluded' : 'Unused exclusion'} ${e.check} at ${e.source}: ${e.why}`);
  }
  process.exit(failing.length > 0 ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
