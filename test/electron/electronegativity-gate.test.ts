import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCLUSIONS, runGate } from './electronegativity-gate.js';
import { type Finding, judge, scanApp, type Verdict } from './electronegativity-scan.js';

/**
 * The gate must be able to fail. Tiny Electron main processes, written at the paths the real exclusions
 * name and bundled with source maps as the app is, go through one Electronegativity scan; each is judged
 * with the gate's real exclusions.
 */
const WINDOW = 'src/main/electron/secure-window.ts';

const LINKS = `export const HELP_HOSTS = ['help.example.org'];
export function isAllowedExternalUrl(url: string, hosts: readonly string[]): boolean {
  const u = new URL(url);
  return (u.protocol === 'https:' || u.protocol === 'http:') && hosts.includes(u.hostname);
}
`;

/** A window like the app's: `prefs` are its webPreferences, `extra` more code in hardenWebContents. */
const windowSource = (prefs: string, extra = '') => `import { join } from 'node:path';
import { app, BrowserWindow, shell, type WebContents } from 'electron';
import { HELP_HOSTS, isAllowedExternalUrl } from '../app/external-links';

export function createWindow(preloadDir: string): BrowserWindow {
  const win = new BrowserWindow({
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      ${prefs}
    },
  });
  return win;
}

export function hardenWebContents(allowedHosts: () => readonly string[]): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();${extra}
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url, [...HELP_HOSTS, ...allowedHosts()])) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
`;

/** The app's webPreferences (src/main/electron/secure-window.ts), with context isolation as given. */
const prefs = (isolation: boolean) =>
  [
    `contextIsolation: ${isolation},`,
    'sandbox: true,',
    'nodeIntegration: false,',
    'nodeIntegrationInWorker: false,',
    'nodeIntegrationInSubFrames: false,',
    'webSecurity: true,',
    'allowRunningInsecureContent: false,',
    'experimentalFeatures: false,',
    "disableBlinkFeatures: 'Auxclick',",
    'webviewTag: false,',
    'navigateOnDragDrop: false,',
  ].join('\n      ');
const SAFE = prefs(true);

/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string, from = 0) =>
  text.split('\n').findIndex((line, i) => i >= from && line.includes(needle)) + 1;
const GUARDED_LINE = lineOf(windowSource(SAFE), 'void shell.openExternal(url)');
const PRELOAD_LINE = lineOf(windowSource(SAFE), 'preload: join');

const UNGUARDED = '\n      void shell.openExternal(url);';

const FIXTURES: Record<string, Record<string, string>> = {
  // The app's own pattern: guarded link opening, isolated sandboxed renderer.
  guarded: { [WINDOW]: windowSource(SAFE) },
  isolationOff: { [WINDOW]: windowSource(prefs(false)) },
  // The review's experiment: an unguarded call in the same file the guarded one is accepted in.
  unguarded: { [WINDOW]: windowSource(SAFE, UNGUARDED) },
  // The guarded line itself, but in a file no exclusion names.
  elsewhere: {
    [WINDOW]: windowSource(SAFE),
    'src/main/electron/links.ts': `import { shell } from 'electron';
import { HELP_HOSTS, isAllowedExternalUrl } from '../app/external-links';
export function follow(url: string, allowedHosts: () => readonly string[]): void {
  if (isAllowedExternalUrl(url, [...HELP_HOSTS, ...allowedHosts()])) void shell.openExternal(url);
}
`,
  },
};

let work: string;
const verdicts = new Map<string, Verdict[]>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fieldsync-gate-fixtures-'));
  const scanRoot = join(work, 'scan');
  for (const [name, files] of Object.entries(FIXTURES)) {
    const root = join(work, 'src', name);
    const all = { ...files, 'src/main/app/external-links.ts': LINKS };
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const entry = Object.keys(files).map((path) => `export * from './${path.replace(/\.ts$/, '')}';`);
    writeFileSync(join(root, 'main.ts'), `${entry.join('\n')}\n`);
    await build({
      entryPoints: [join(root, 'main.ts')],
      outfile: join(scanRoot, name, 'main', 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      sourcemap: true,
      external: ['electron'],
      logLevel: 'silent',
    });
  }
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  const findings = scanApp(scanRoot, electronVersion);
  for (const name of Object.keys(FIXTURES)) {
    const own: Finding[] = findings
      .filter((f) => f.file.startsWith(`${name}/`))
      .map((f) => ({ ...f, file: f.file.slice(name.length + 1) }));
    verdicts.set(name, judge(own, EXCLUSIONS, join(scanRoot, name), join(work, 'src', name)));
  }
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const failures = (name: string) =>
  (verdicts.get(name) ?? [])
    .filter((v) => v.failing)
    .map((v) => `${v.finding.check} ${v.site?.source}:${v.site?.line}`);

describe('the Electronegativity gate', () => {
  it('passes the app pattern: guarded shell.openExternal and the preload, both traced to their source lines', () => {
    const all = verdicts.get('guarded') ?? [];
    expect(failures('guarded')).toEqual([]);
    const excused = all.filter((v) => v.excusedBy).map((v) => `${v.finding.check} ${v.site?.source}:${v.site?.line}`);
    expect(excused.sort()).toEqual([
      `OPEN_EXTERNAL_JS_CHECK ${WINDOW}:${GUARDED_LINE}`,
      `PRELOAD_JS_CHECK ${WINDOW}:${PRELOAD_LINE}`,
    ]);
  });

  it('fails when context isolation is off', () => {
    expect(failures('isolationOff')).toEqual([expect.stringMatching(/^CONTEXT_ISOLATION_JS_CHECK /)]);
  });

  it('fails on an unguarded shell.openExternal, even in the file where a guarded one is accepted', () => {
    expect(failures('unguarded')).toEqual([
      `OPEN_EXTERNAL_JS_CHECK ${WINDOW}:${lineOf(windowSource(SAFE, UNGUARDED), 'void shell.openExternal(url)')}`,
    ]);
  });

  it('fails on the accepted line when it sits in a file no exclusion names', () => {
    expect(failures('elsewhere')).toEqual(['OPEN_EXTERNAL_JS_CHECK src/main/electron/links.ts:4']);
  });

  it('scans the renderer bundle too, class static blocks and all, and traces its findings to the source', async () => {
    // The scanner cannot walk a class static block; Fluent's focus library ships them in the renderer
    // bundle, which the gate once skipped whole. The gate lowers the copy it scans and chains the maps.
    const root = join(work, 'renderer-app');
    const source = `import { shell } from 'electron';
export class Focus {
  static {
    void shell.openExternal(location.href);
  }
}
`;
    mkdirSync(join(root, 'src/renderer'), { recursive: true });
    writeFileSync(join(root, 'src/renderer/focus.ts'), source);
    await build({
      entryPoints: [join(root, 'src/renderer/focus.ts')],
      outfile: join(root, 'out/renderer/assets/index.js'),
      bundle: true,
      format: 'esm',
      target: 'esnext',
      sourcemap: true,
      external: ['electron'],
      logLevel: 'silent',
    });
    const verdicts = await runGate({ outDir: join(root, 'out'), root });
    // (The fixture has no CSP or navigation limits, so the global checks fail it too; not the point here.)
    const js = verdicts.filter((v) => v.failing && !v.finding.check.endsWith('_GLOBAL_CHECK'));
    expect(js.map((v) => `${v.finding.check} ${v.site?.source}:${v.site?.line}`)).toEqual([
      `OPEN_EXTERNAL_JS_CHECK src/renderer/focus.ts:${lineOf(source, 'shell.openExternal')}`,
    ]);
  }, 120_000);
});
