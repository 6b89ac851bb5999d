/**
 * Prints the mutation score per module from StrykerJS's JSON report (`npm run test:mutants` runs it
 * after `stryker run`; `--report <file>` more than once merges per-module runs), and every surviving or uncovered mutant with its line, so each can be killed by
 * a test or shown equivalent. Exits 1 when a module scores under the goal (80 %, `--goal <n>`).
 * Score = killed (including timeouts) / (killed + survived + no coverage), as Stryker counts it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Mutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: {
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  };
}

interface Report {
  readonly files: Record<string, { readonly source: string; readonly mutants: readonly Mutant[] }>;
}

/** The modules: one per entry of stryker.config.mjs's `mutate` list (a file not listed here is shown on its own). */
const MODULES: readonly { readonly name: string; readonly files: RegExp }[] = [
  { name: 'store merge', files: /^src\/main\/store\/merge\// },
  { name: 'store apply-op-results', files: /^src\/main\/store\/apply\/apply-op-results\.ts$/ },
  { name: 'store apply-remote-to-pending', files: /^src\/main\/store\/apply\/apply-remote-to-pending\.ts$/ },
  { name: 'store apply-server-page', files: /^src\/main\/store\/apply\/apply-server-page\.ts$/ },
  { name: 'store outbox', files: /^src\/main\/store\/outbox\// },
  { name: 'server apply-op', files: /^src\/server\/sync\/apply-op\.ts$/ },
  { name: 'server cursor', files: /^src\/server\/sync\/cursor\.ts$/ },
  { name: 'server change-feed-sql', files: /^src\/server\/sync\/change-feed-sql\.ts$/ },
  { name: 'server read-changes', files: /^src\/server\/sync\/read-changes\.ts$/ },
];

/** Where the survivors of the last measured run are explained, one by one. */
const EXPLAINED = 'docs/MUTATION-SURVIVORS.md';

const KILLED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

const { values } = parseArgs({
  options: {
    report: { type: 'string', multiple: true, default: ['reports/mutation/mutation.json'] },
    goal: { type: 'string', default: '80' },
  },
});
// Several reports (one per module run) are read as one; a file in more than one counts from the last.
const files = Object.fromEntries(
  values.report.flatMap((path) => Object.entries((JSON.parse(readFileSync(path, 'utf8')) as Report).files)),
);
const goal = Number(values.goal);

const rows = new Map<string, { killed: number; counted: number; files: Set<string> }>();
const lost: string[] = [];
for (const [file, { source, mutants }] of Object.entries(files)) {
  const path = file.replace(/\\/g, '/');
  const name = MODULES.find((m) => m.files.test(path))?.name ?? path;
  const row = rows.get(name) ?? { killed: 0, counted: 0, files: new Set<string>() };
  row.files.add(path);
  const lines = source.split('\n');
  for (const m of mutants) {
    if (!COUNTED.has(m.status)) continue;
    row.counted++;
    if (KILLED.has(m.status)) row.killed++;
    else {
      const { start } = m.location;
      lost.push(
        `${m.status.padEnd(10)} ${path}:${start.line} ${m.mutatorName}: ${mutated(lines, m.location)} → ${oneLine(m.replacement ?? '', 60)}`,
      );
    }
  }
  rows.set(name, row);
}

/** The text a mutant replaced (Stryker's lines and columns are 1-based). */
function mutated(lines: readonly string[], location: Mutant['location']): string {
  const { start, end } = location;
  const text =
    start.line === end.line
      ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
      : [
          (lines[start.line - 1] ?? '').slice(start.column - 1),
          ...lines.slice(start.line, end.line - 1),
          (lines[end.line - 1] ?? '').slice(0, end.column - 1),
        ].join('\n');
  return oneLine(text, 70);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

let below = 0;
console.log(`${'module'.padEnd(30)} ${'score'.padStart(7)}  killed/counted  files`);
for (const [name, row] of rows) {
  const score = row.counted === 0 ? 100 : (100 * row.killed) / row.counted;
  if (score < goal) below++;
  console.log(
    `${name.padEnd(30)} ${`${score.toFixed(1)} %`.padStart(7)}  ${`${row.killed}/${row.counted}`.padEnd(14)}  ${[...row.files].length}`,
  );
}
const all = [...rows.values()].reduce((a, r) => ({ killed: a.killed + r.killed, counted: a.counted + r.counted }), {
  killed: 0,
  counted: 0,
});
console.log(
  `${'all'.padEnd(30)} ${`${((100 * all.killed) / Math.max(1, all.counted)).toFixed(1)} %`.padStart(7)}  ${all.killed}/${all.counted}`,
);
if (lost.length > 0) {
  console.log(`\nSurvivors and uncovered mutants (${lost.length}):\n${lost.join('\n')}`);
  console.log(`\nWhy each survivor is equivalent or unreachable (or the test that now kills it): ${EXPLAINED}`);
}
if (below > 0) {
  console.log(`\n${below} module(s) under the ${goal} % goal.`);
  process.exit(1);
}
