/**
 * The Electronegativity gate's machinery, shared by the gate (`electronegativity-gate.ts`) and its
 * self-test: run the scanner over a built app, trace each finding back through the bundle's source map
 * to the TypeScript line that produced it, and judge it against exclusions keyed on that call site.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

/** One row of Electronegativity's report; `file` is relative to the scanned folder, `location` is `line:column`. */
export interface Finding {
  readonly check: string;
  readonly severity: string;
  readonly confidence: string;
  readonly file: string;
  readonly location: string;
  readonly sample: string;
}

/** Where a finding comes from in the sources: repository-relative path, 1-based line, its text, the lines above. */
export interface SourceSite {
  readonly source: string;
  readonly line: number;
  readonly code: string;
  readonly above: readonly string[];
}

/**
 * An accepted finding: the check, the source file of the call site, the flagged source line (`code`)
 * and, where the safety is a check before the call, that check (`guard`: on the flagged line or within
 * `within` lines above it). A finding anywhere else — another file, another line, the guard gone — fails.
 */
export interface Exclusion {
  readonly check: string;
  readonly source: string;
  readonly code: RegExp;
  readonly guard?: { readonly pattern: RegExp; readonly within: number };
  readonly why: string;
}

export interface Verdict {
  readonly finding: Finding;
  readonly site: SourceSite | undefined;
  readonly excusedBy: Exclusion | undefined;
  readonly failing: boolean;
}

const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

/** Runs Electronegativity over `appDir` (the repository's local copy, not whatever `npx` would fetch). */
export function scanApp(appDir: string, electronVersion: string): Finding[] {
  const runner = resolve(import.meta.dirname, 'electronegativity-run.cjs');
  const run = spawnSync(process.execPath, [runner, appDir, electronVersion], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0 || run.error) {
    // Say why (status, signal, spawn error, its output) rather than judging an empty or partial scan.
    throw new Error(
      `Electronegativity failed (status ${run.status}, signal ${run.signal}, ${run.error?.message ?? 'no spawn error'}):\n${run.stdout}\n${run.stderr}`,
    );
  }
  // Its chatter (no connectivity for the release list, and the like) goes to stdout before the JSON.
  const json = run.stdout.slice(run.stdout.lastIndexOf('{"findings":'));
  return (JSON.parse(json) as { findings: Finding[] }).findings;
}

const maps = new Map<string, { map: SourceMap; payload: SourceMapPayload } | null>();

function loadMap(path: string) {
  let entry = maps.get(path);
  if (entry === undefined) {
    entry = null;
    if (existsSync(path)) {
      const payload = JSON.parse(readFileSync(path, 'utf8')) as SourceMapPayload;
      entry = { map: new SourceMap(payload), payload };
    }
    maps.set(path, entry);
  }
  return entry;
}

/**
 * The source line behind a finding, through `<bundle>.map` beside the scanned bundle. `bundleRoot` is
 * the folder the report's paths are relative to (where the maps' relative `sources` resolve);
 * `root` the repository, to which the returned path is relative. Undefined without a map or mapping.
 */
export function locate(finding: Finding, bundleRoot: string, root: string): SourceSite | undefined {
  const match = /^(\d+):(\d+)$/.exec(finding.location);
  if (!match) return undefined;
  const bundle = join(bundleRoot, finding.file);
  const loaded = loadMap(`${bundle}.map`);
  if (!loaded) return undefined;
  // The report's lines are 1-based and its columns 0-based (Babel's); findEntry takes both 0-based.
  const entry = loaded.map.findEntry(Number(match[1]) - 1, Number(match[2]));
  if (!('originalSource' in entry) || !entry.originalSource) return undefined;
  const { payload } = loaded;
  const index = payload.sources.indexOf(entry.originalSource);
  const absolute = resolve(dirname(bundle), payload.sourceRoot ?? '', entry.originalSource.replace(/^file:\/\//, ''));
  const text = payload.sourcesContent?.[index] ?? (existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined);
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const line = entry.originalLine;
  return {
    source: relative(root, absolute).replace(/\\/g, '/'),
    line: line + 1,
    code: lines[line] ?? '',
    above: lines.slice(Math.max(0, line - 20), line),
  };
}

/** The exclusion that accepts this finding at this source site, if any. */
export function excuse(finding: Finding, site: SourceSite | undefined, exclusions: readonly Exclusion[]) {
  if (!site) return undefined;
  return exclusions.find((e) => {
    if (e.check !== finding.check || e.source !== site.source || !e.code.test(site.code)) return false;
    if (!e.guard) return true;
    const window = [...site.above.slice(site.above.length - e.guard.within), site.code];
    return window.some((line) => e.guard?.pattern.test(line));
  });
}

/** Every finding with its source site and verdict: MEDIUM or worse fails unless an exclusion accepts it. */
export function judge(
  findings: readonly Finding[],
  exclusions: readonly Exclusion[],
  bundleRoot: string,
  root: string,
): Verdict[] {
  return findings.map((finding) => {
    const site = locate(finding, bundleRoot, root);
    const excusedBy = excuse(finding, site, exclusions);
    return { finding, site, excusedBy, failing: FAILING.has(finding.severity) && !excusedBy };
  });
}

/** One line per finding for the gate's output. */
export function describeVerdict(v: Verdict): string {
  const f = v.finding;
  const mark = FAILING.has(f.severity) ? (v.excusedBy ? 'excluded' : 'FAIL') : 'ok';
  const at = v.site ? `${v.site.source}:${v.site.line}` : `${f.file}:${f.location}`;
  return `${mark.padEnd(8)} ${f.severity.padEnd(8)} ${f.check.padEnd(26)} ${at}  ${(v.site?.code.trim() ?? f.sample).slice(0, 80)}`;
}
