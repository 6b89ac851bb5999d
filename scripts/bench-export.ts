/**
 * `npm run bench:export [-- --profile reference|small|tiny] [--keep <dir>]`
 * Seeds a store with the reference deployment, then exports every list to .xlsx and CSV with the export
 * CLI in a child process (so its peak RSS is the exporting process's own) and prints rows, bytes,
 * seconds (wall and the process's CPU: on a shared machine CPU is the steadier figure) and peak RSS. Goal (issue 17): all 150,000 section answers to .xlsx in ≤ 30 s, RSS ≤ 400 MB.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DeploymentProfile } from '../src/shared/fixtures/index.js';
import { EXPORT_ENTITIES } from '../src/shared/reports/export-request.js';
import { seedStoreFile } from './seed-store-file.js';

const { values } = parseArgs({
  options: { profile: { type: 'string', default: 'reference' }, keep: { type: 'string' } },
});
const GOAL = { seconds: 30, rssMB: 400 };

const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'fieldsync-bench-export-'));
mkdirSync(dir, { recursive: true });
try {
  const db = join(dir, 'store.db');
  const seeding = performance.now();
  seedStoreFile(db, values.profile as DeploymentProfile);
  console.log(`seeded ${values.profile} store in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  let failed = false;
  for (const entity of EXPORT_ENTITIES) {
    for (const format of ['xlsx', 'csv'] as const) {
      const out = join(dir, `${entity}.${format}`);
      const started = performance.now();
      const stdout = execFileSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/export-cli.ts', '--db', db, '--entity', entity, '--format', format, '--out', out],
        { encoding: 'utf8' },
      );
      const wall = (performance.now() - started) / 1000;
      const summary = JSON.parse(stdout) as {
        rows: number;
        bytes: number;
        ms: number;
        peakRssMB: number;
        cpuMs: number;
      };
      console.log(
        `${entity.padEnd(18)} ${format.padEnd(4)} ${String(summary.rows).padStart(7)} rows ${(summary.bytes / 1e6).toFixed(1).padStart(6)} MB  export ${(summary.ms / 1000).toFixed(1).padStart(5)} s (process ${wall.toFixed(1)} s, CPU ${(summary.cpuMs / 1000).toFixed(1)} s)  peak RSS ${summary.peakRssMB} MB`,
      );
      if (
        entity === 'sectionAnswers' &&
        format === 'xlsx' &&
        (summary.ms / 1000 > GOAL.seconds || summary.peakRssMB > GOAL.rssMB)
      )
        failed = true;
    }
  }
  console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);
  if (failed) {
    console.error(`FAIL: section answers to xlsx over ${GOAL.seconds} s or ${GOAL.rssMB} MB`);
    process.exitCode = 1;
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
