/**
 * The GitHub Actions workflow cannot run here, so its shape is checked here: valid YAML (parsed with
 * the `yaml` library), the two jobs the release depends on, and every npm command its steps (and
 * `.ci/run`, which the Linux job runs) call is a real script in package.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const root = join(import.meta.dirname, '../..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly 'runs-on': string;
  readonly steps: readonly Step[];
  readonly env?: Record<string, string>;
}

function workflow(): { jobs: Record<string, Job> } {
  const doc = parseDocument(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8'));
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS() as { jobs: Record<string, Job> };
}

/** npm's own commands the steps may use besides scripts. */
const NPM_BUILTINS = new Set(['ci', 'install', 'test', 'start']);

/** The npm commands in a shell text, as `npm <command>` or `npm run <script>`. */
function npmCommands(text: string): { builtin: string[]; scripts: string[] } {
  const found = { builtin: [] as string[], scripts: [] as string[] };
  for (const m of text.matchAll(/\bnpm\s+(run(?:-script)?\s+)?([\w:.-]+)/g)) {
    const [, run, name = ''] = m;
    if (run) found.scripts.push(name);
    else found.builtin.push(name);
  }
  return found;
}

/** Every script a command line reaches, following `npm run x` inside scripts too. */
function missingScripts(text: string, seen = new Set<string>()): string[] {
  const { builtin, scripts: called } = npmCommands(text);
  const missing: string[] = [];
  for (const b of builtin) {
    if (!NPM_BUILTINS.has(b)) missing.push(`npm ${b}`);
    if ((b === 'test' || b === 'start') && !scripts[b]) missing.push(b);
  }
  for (const name of called) {
    if (seen.has(name)) continue;
    seen.add(name);
    const body = scripts[name];
    if (body === undefined) missing.push(name);
    else missing.push(...missingScripts(body, seen));
  }
  return missing;
}

describe('.github/workflows/ci.yml', () => {
  const { jobs } = workflow();
  const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []));

  it('names only npm scripts that exist (also in .ci/run and in the scripts they call)', () => {
    const texts = [...Object.values(jobs).flatMap(runs), readFileSync(join(root, '.ci/run'), 'utf8')];
    expect(texts.flatMap((t) => missingScripts(t))).toEqual([]);
  });

  it('a Linux job runs exactly .ci/run', () => {
    const linux = jobs.linux;
    expect(linux?.['runs-on']).toBe('ubuntu-latest');
    expect(linux && runs(linux)).toEqual(['bash .ci/run']);
  });

  it('a Windows job installs with npm ci, runs npm test with the Electron suite required, and builds the NSIS installer', () => {
    const windows = jobs.windows;
    expect(windows?.['runs-on']).toBe('windows-latest');
    if (!windows) return;
    const commands = runs(windows);
    const at = (command: string) => commands.findIndex((c) => c.trim() === command);
    expect(at('npm ci')).toBeGreaterThanOrEqual(0);
    expect(at('npm run electron:download')).toBeGreaterThan(at('npm ci'));
    expect(at('npm run native:electron')).toBeGreaterThan(at('npm ci'));
    expect(at('npm test')).toBeGreaterThan(at('npm run native:electron'));
    expect(at('npm run dist')).toBeGreaterThan(at('npm test'));
    expect(scripts.dist).toMatch(/electron-builder --win nsis/);
    // Without this the shell suite would skip quietly on a runner that failed to get Electron.
    expect(windows.env?.FIELDSYNC_REQUIRE_ELECTRON).toBe('1');
    const upload = windows.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toMatch(/release\/\*\.exe\n/);
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('takes signing secrets from the repository, never from the file', () => {
    const text = readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8');
    for (const match of text.matchAll(/^\s*(CSC_\w+|WIN_CSC_\w+):\s*(.*)$/gm)) {
      expect(match[2]).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    }
  });
});

describe('npmCommands', () => {
  it('tells npm built-ins from scripts', () => {
    expect(npmCommands('npm ci && npm run build && npm test && npm run-script e2e:browser')).toEqual({
      builtin: ['ci', 'test'],
      scripts: ['build', 'e2e:browser'],
    });
  });
});
