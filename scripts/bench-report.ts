/**
 * `npm run bench:report [-- --profile reference|small|tiny] [--db <existing store>]`
 * Seeds a store with the reference deployment (or opens `--db`), then computes the district report for
 * the whole scope over the deployment's year, for one region and for one district, each cold (first
 * statement preparation) and warm, and prints wall and CPU milliseconds (on a shared machine CPU is the
 * steadier figure). Goal (issue 17): the whole reference
 * deployment's report in ≤ 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalStore } from '../src/main/store/index.js';
import { type DeploymentProfile, deploymentFacts } from '../src/shared/fixtures/index.js';
import type { ReportRequest } from '../src/shared/reports/district-report.js';
import { seedStoreFile } from './seed-store-file.js';

const { values } = parseArgs({
  options: { profile: { type: 'string', default: 'reference' }, db: { type: 'string' } },
});
const GOAL_MS = 2000;
const profile = values.profile as DeploymentProfile;
const dir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'fieldsync-bench-report-'));
try {
  const db = values.db ?? join(dir as string, 'store.db');
  if (!values.db) seedStoreFile(db, profile);
  const store = LocalStore.open({ path: db });
  const facts = deploymentFacts({ profile });
  const district = facts.districts[0];
  const year = { from: '2025-11-01', to: '2026-10-31' };
  const cases: [string, ReportRequest][] = [
    ['whole scope, one year', year],
    [`${district?.name}, one year`, { ...year, districtId: district?.id }],
    [`${district?.name}, one month`, { from: '2026-10-01', to: '2026-10-31', districtId: district?.id }],
  ];
  let worst = 0;
  for (const [label, request] of cases) {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let visits = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      visits = store.read.districtReport(request).totals.visits;
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
    }
    // The goal is judged on CPU time: on this shared 2-core machine wall time mostly measures the others' load.
    worst = Math.max(worst, ...cpuTimes);
    console.log(
      `${label.padEnd(28)} ${String(visits).padStart(5)} visits: ${times.map((t) => `${Math.round(t)} ms`).join(', ')} (first, then warm); CPU ${cpuTimes.map((t) => `${Math.round(t)} ms`).join(', ')}`,
    );
  }
  store.close();
  console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);
  if (worst > GOAL_MS) {
    console.error(`FAIL: a report took ${Math.round(worst)} ms of CPU (goal ≤ ${GOAL_MS} ms)`);
    process.exitCode = 1;
  }
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
