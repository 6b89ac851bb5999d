/**
 * `npm run electronegativity`: scans what ships (the built main, preload and renderer) with
 * @doyensec/electronegativity and fails on any MEDIUM or worse finding that is not excluded below
 * with a reason. Run after `npm run build` (the npm script does both).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Each exclusion names the check, where it may appear, and why it is acceptable here. */
const EXCLUSIONS: readonly { check: string; file: RegExp; why: string }[] = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^main\/index\.js$/,
    why:
      'Every shell.openExternal call is reached only after isAllowedExternalUrl (URL parsed, http(s) only, no credentials, ' +
      'host on the allowlist: help pages and the configured sync server); test/app/external-links.test.ts covers it.',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: /^main\/index\.js$/,
    why:
      'A "review the preload" reminder. The preload (src/preload/index.ts) exposes one method per contract channel ' +
      'through contextBridge and never ipcRenderer or a generic invoke; test/app/ipc-contract.test.ts checks the shape ' +
      'and main validates the sender frame and every argument.',
  },
];

const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

interface Finding {
  readonly check: string;
  readonly severity: string;
  readonly confidence: string;
  readonly file: string;
  readonly location: string;
  readonly sample: string;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell.trim());
      cell = '';
    } else if (c === '\n') {
      row.push(cell.trim());
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  if (cell || row.length) rows.push([...row, cell.trim()]);
  return rows;
}

const built = ['out/main', 'out/preload', 'out/renderer'];
for (const dir of built) {
  if (!existsSync(dir)) {
    console.error(`${dir} is missing: run npm run build first.`);
    process.exit(2);
  }
}
const stage = mkdtempSync(join(tmpdir(), 'fieldsync-electronegativity-'));
for (const dir of built) cpSync(dir, join(stage, 'app', dir.replace('out/', '')), { recursive: true });
const report = join(stage, 'report.csv');
const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
const run = spawnSync(
  'npx',
  ['electronegativity', '-i', join(stage, 'app'), '-r', '-e', electronVersion, '-o', report, '-v', 'false'],
  { encoding: 'utf8', shell: process.platform === 'win32' },
);
if (!existsSync(report)) {
  console.error(run.stdout, run.stderr);
  console.error('Electronegativity produced no report.');
  process.exit(2);
}
const [, ...rows] = parseCsv(readFileSync(report, 'utf8'));
rmSync(stage, { recursive: true, force: true });
const findings: Finding[] = rows
  .filter((r) => r.length >= 6)
  .map(([check = '', severity = '', confidence = '', file = '', location = '', sample = '']) => ({
    check,
    severity,
    confidence,
    file: file.replace(/\\/g, '/'),
    location,
    sample,
  }));

const excusedBy = (f: Finding) => EXCLUSIONS.find((e) => e.check === f.check && e.file.test(f.file));
const failing = findings.filter((f) => FAILING.has(f.severity) && !excusedBy(f));
for (const f of findings) {
  const excuse = excusedBy(f);
  const mark = FAILING.has(f.severity) ? (excuse ? 'excluded' : 'FAIL') : 'ok';
  console.log(
    `${mark.padEnd(8)} ${f.severity.padEnd(8)} ${f.check.padEnd(26)} ${f.file}:${f.location}  ${f.sample.slice(0, 80)}`,
  );
}
console.log(`\n${findings.length} finding(s); ${failing.length} MEDIUM or worse not excluded.`);
for (const e of EXCLUSIONS) console.log(`Excluded ${e.check}: ${e.why}`);
process.exit(failing.length > 0 ? 1 : 0);
