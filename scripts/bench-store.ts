/**
 * `npm run bench:store [-- --profile reference|small|tiny] [--page 10000]`
 * Applies the reference deployment to an empty store, then applies it again, and prints records/s of
 * each pass (time inside `applyServerPage`; generating and JSON-parsing the pages excluded), what the second pass wrote, and
 * peak RSS. Goal (issue 2): ≥ 150,000 records/s on the first pass; the second pass writes nothing.
 * Pages hold 10,000 records by default: the server's most records per sync response, so one page is
 * one transaction exactly as in a real first sync.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalStore, rawConnection } from '../src/main/store/local-store.js';
import { entityGraph } from '../src/shared/entity-graph.js';
import { type DeploymentProfile, generateDeployment } from '../src/shared/fixtures/index.js';
import type { WireRecord } from '../src/shared/protocol/records.js';

const { values } = parseArgs({
  options: { profile: { type: 'string', default: 'reference' }, page: { type: 'string', default: '10000' } },
});
const profile = values.profile as DeploymentProfile;
const pageSize = Number(values.page);
const UPDATED_AT = '2025-01-15T10:30:00.000Z';

interface PassFigures {
  records: number;
  applied: number;
  skipped: number;
  ms: number;
  /** CPU time of this process inside `applyServerPage` (the machine may be shared). */
  cpuMs: number;
  rowsWritten: number;
  /** Bytes this process wrote to disk (Linux `/proc/self/io`; `null` elsewhere). */
  diskBytes: number | null;
}

function diskWrites(): number | null {
  if (!existsSync('/proc/self/io')) return null;
  return Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
}

function runPass(store: LocalStore): PassFigures {
  const changesBefore = totalChanges(store);
  const diskBefore = diskWrites();
  const figures: PassFigures = { records: 0, applied: 0, skipped: 0, ms: 0, cpuMs: 0, rowsWritten: 0, diskBytes: null };
  for (const batch of generateDeployment({ profile, batchSize: pageSize })) {
    const def = entityGraph.byName.get(batch.entity);
    if (!def) throw new Error(`generator produced unknown entity ${batch.entity}`);
    // Records reach the store as the sync delivers them: parsed from a response's JSON text (flat
    // strings, fresh objects), not as the generator's objects with their concatenated ids.
    const items = JSON.parse(
      JSON.stringify(batch.records.map((r) => ({ ...r, version: 1, updatedAt: UPDATED_AT, deleted: false }))),
    ) as WireRecord[];
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = store.applyServerPage({ changes: [{ collection: def.collection, items }] });
    figures.ms += performance.now() - started;
    const used = process.cpuUsage(cpu);
    figures.cpuMs += (used.user + used.system) / 1000;
    if (!result.ok) throw new Error(`apply failed: ${JSON.stringify(result.error)}`);
    figures.records += items.length;
    figures.applied += result.value.applied;
    figures.skipped += result.value.skipped;
  }
  figures.rowsWritten = totalChanges(store) - changesBefore;
  const diskAfter = diskWrites();
  figures.diskBytes = diskBefore === null || diskAfter === null ? null : diskAfter - diskBefore;
  return figures;
}

function totalChanges(store: LocalStore): number {
  return rawConnection(store).sqlite.prepare('SELECT total_changes()').pluck().get() as number;
}

const dir = mkdtempSync(join(tmpdir(), 'fieldsync-bench-store-'));
try {
  const store = LocalStore.open({ path: join(dir, 'store.db') });
  const report = (label: string, f: PassFigures) =>
    console.log(
      `${label}: ${f.records} records in ${(f.ms / 1000).toFixed(2)} s → ${Math.round(
        f.records / (f.ms / 1000),
      ).toLocaleString('en')} records/s; CPU ${(f.cpuMs / 1000).toFixed(2)} s → ${Math.round(
        f.records / (f.cpuMs / 1000),
      ).toLocaleString(
        'en',
      )} records/CPU-s (applied ${f.applied}, skipped ${f.skipped}, rows written ${f.rowsWritten}, disk writes ${
        f.diskBytes === null ? 'n/a' : `${(f.diskBytes / 1e6).toFixed(0)} MB`
      })`,
    );
  const first = runPass(store);
  report('pass 1 (empty store)', first);
  const second = runPass(store);
  report('pass 2 (same data)  ', second);
  const stored = entityGraph.ordered.reduce(
    (n, def) =>
      n + (rawConnection(store).sqlite.prepare(`SELECT count(*) FROM "${def.table}"`).pluck().get() as number),
    0,
  );
  console.log(`rows in store: ${stored}`);
  console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  // records/s is wall time; on a shared machine records per CPU-second is the steadier figure.
  console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);
  store.close();
  const ok = second.rowsWritten === 0 && second.applied === 0 && !second.diskBytes && stored === first.records;
  if (!ok) {
    console.error('FAIL: the second pass wrote rows, or the store does not hold every record');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
