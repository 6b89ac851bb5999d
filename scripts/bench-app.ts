/**
 * `npm run bench:app [-- --visits 100000] [--runs 3]`
 * The officer's worklist against a real store file: the reference deployment (6,000 visits), then the
 * same store grown to `--visits` visits (copies of the reference visits on other days, with new ids).
 * Prints, for each size, the time to the first rows (tab counts included), each filter or sort
 * change (a new statement each, as when the officer clicks it), the neighbours a visit page asks for,
 * the home page's counts, and a bulk approve of 500 visits (rows and their outbox ops in one transaction) with its undo.
 * Targets (issue 14): first rows and every change ≤ 300 ms; bulk approve of 500 ≤ 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v5 as uuidv5 } from 'uuid';
import { BulkReviewer } from '../src/main/app/bulk-review.js';
import { LocalStore } from '../src/main/store/local-store.js';
import { entityGraph } from '../src/shared/entity-graph.js';
import { generateDeployment } from '../src/shared/fixtures/index.js';
import type { WorklistQueryInput } from '../src/shared/ipc/schemas/worklist.js';
import { worklistQuerySchema } from '../src/shared/ipc/schemas/worklist.js';

const { values } = parseArgs({
  options: { visits: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } },
});
const bigVisits = Number(values.visits);
const runs = Number(values.runs);
const UPDATED_AT = '2026-10-01T00:00:00.000Z';
const NAMESPACE = '6f1d6c1e-3f59-4a53-9a8e-0d2b8d3f4c11';

type Rec = { id: string } & Record<string, unknown>;

function apply(store: LocalStore, entity: string, records: readonly Rec[]): void {
  const def = entityGraph.byName.get(entity);
  if (!def) throw new Error(`unknown ${entity}`);
  const items = records.map((r) => ({ ...r, version: 1, updatedAt: UPDATED_AT, deleted: false }));
  const result = store.applyServerPage({ changes: [{ collection: def.collection, items }] });
  if (!result.ok) throw new Error(result.error.message);
}

/** The reference deployment, and its visits kept aside to copy. */
function seed(store: LocalStore): Rec[] {
  const visits: Rec[] = [];
  for (const batch of generateDeployment({ profile: 'reference', batchSize: 10_000 })) {
    apply(store, batch.entity, batch.records);
    if (batch.entity === 'schoolVisit') visits.push(...batch.records);
  }
  return visits;
}

/** Copies of the reference visits (new ids, dates moved back a year per copy) until there are `target`. */
function grow(store: LocalStore, visits: readonly Rec[], target: number): void {
  let made = visits.length;
  for (let copy = 1; made < target; copy++) {
    const batch: Rec[] = [];
    for (const visit of visits) {
      if (made >= target) break;
      const date = new Date(`${String(visit.visitDate)}T00:00:00Z`);
      date.setUTCFullYear(date.getUTCFullYear() - copy);
      batch.push({
        ...visit,
        id: uuidv5(`${visit.id}:${copy}`, NAMESPACE),
        visitDate: date.toISOString().slice(0, 10),
      });
      made++;
    }
    for (let i = 0; i < batch.length; i += 10_000) apply(store, 'schoolVisit', batch.slice(i, i + 10_000));
  }
}

const time = <T>(run: () => T): { ms: number; value: T } => {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
};

/** Median of `runs` timings of a fresh store handle each (statements are prepared anew, as after a start). */
function measure(file: string, label: string, run: (store: LocalStore) => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const store = LocalStore.open({ path: file });
    try {
      times.push(time(() => run(store)).ms);
    } finally {
      store.close();
    }
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  console.log(`  ${label.padEnd(58)} ${median.toFixed(1).padStart(8)} ms`);
  return median;
}

function scenarios(store: LocalStore): [string, WorklistQueryInput][] {
  const facets = store.read.worklist.facets(undefined);
  const district = facets.districts[0]?.id;
  const monitor = store.read.worklist.facets(district).monitors[0];
  return [
    ['tab: Flagged', { tab: 'flagged' }],
    ['tab: All', { tab: 'all' }],
    ['filter: district', { filter: { districtId: district } }],
    ['filter: district + monitor', { filter: { districtId: district, monitor } }],
    ['filter: date range (3 months)', { filter: { dateFrom: '2026-06-01', dateTo: '2026-08-31' } }],
    ['filter: free text "primary"', { filter: { text: 'primary' } }],
    ['filter: has photos', { filter: { hasPhotos: true } }],
    ['filter: has conflict', { filter: { hasConflict: true } }],
    ['filter: follow-up due (Flagged)', { tab: 'flagged', filter: { followUpDue: true } }],
    ['sort: school A→Z', { sort: 'school', descending: false }],
    ['sort: district', { sort: 'district', descending: false }],
    ['sort: monitor', { sort: 'monitor', descending: false }],
    ['sort: photos', { sort: 'photos' }],
    ['sort: oldest first', { sort: 'date', descending: false }],
    ['All + sort school + text "riverside"', { tab: 'all', sort: 'school', filter: { text: 'riverside' } }],
  ];
}

function bench(file: string, label: string): Record<string, number> {
  const figures: Record<string, number> = {};
  console.log(`\n${label}`);
  figures.first = measure(file, 'first rows (Awaiting review, newest first, tab counts)', (s) =>
    s.read.worklist.page(worklistQuerySchema.parse({}), 0, 100),
  );
  figures.home = measure(file, 'home counts (what needs me today, one statement)', (s) => s.read.home());
  const probe = LocalStore.open({ path: file });
  const list = scenarios(probe);
  probe.close();
  let worst = 0;
  for (const [name, query] of list) {
    const ms = measure(file, name, (s) => s.read.worklist.page(worklistQuerySchema.parse(query), 0, 100));
    worst = Math.max(worst, ms);
  }
  figures.worstChange = worst;
  figures.scrollDeep = measure(file, 'scroll: page at row 3,000 (Awaiting review)', (s) =>
    s.read.worklist.page(worklistQuerySchema.parse({}), 3_000, 100),
  );
  figures.selectAll = measure(file, 'select all (ids of Awaiting review)', (s) =>
    s.read.worklist.ids(worklistQuerySchema.parse({}), 20_000),
  );
  figures.neighbours = measure(file, 'neighbours of a visit (Approve and next)', (s) => {
    const query = worklistQuerySchema.parse({});
    const id = s.read.worklist.page(query, 2_000, 1).items[0]?.id ?? '';
    return s.read.worklist.neighbours(query, id);
  });
  const bulk = bulkReview(file);
  figures.bulkApprove = bulk.approve;
  figures.bulkUndo = bulk.undo;
  return figures;
}

/** Bulk Approve of 500 Awaiting-review visits (one transaction, 500 outbox operations), then its Undo. */
function bulkReview(file: string): { approve: number; undo: number } {
  const approve: number[] = [];
  const undo: number[] = [];
  for (let i = 0; i < runs; i++) {
    const store = LocalStore.open({ path: file });
    try {
      const reviewer = new BulkReviewer();
      const { ids } = store.read.worklist.ids(worklistQuerySchema.parse({}), 500);
      const request = {
        visitIds: ids,
        decision: 'approved',
        comment: null,
        reviewer: 'Bench',
        at: new Date().toISOString(),
      } as const;
      const done = time(() => reviewer.review(store, request));
      if (!done.value.ok || done.value.value.changed !== 500) throw new Error('bulk approve did not change 500 visits');
      approve.push(done.ms);
      const back = time(() => reviewer.undo(store, done.value.ok ? done.value.value.bulkId : ''));
      if (!back.value.ok || back.value.value.withdrawn !== 500) throw new Error('undo did not withdraw 500 operations');
      undo.push(back.ms);
    } finally {
      store.close();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  console.log(
    `  ${'bulk Approve of 500 visits (500 outbox operations)'.padEnd(58)} ${median(approve).toFixed(1).padStart(8)} ms`,
  );
  console.log(
    `  ${'Undo of it (500 unsent operations withdrawn)'.padEnd(58)} ${median(undo).toFixed(1).padStart(8)} ms`,
  );
  return { approve: median(approve), undo: median(undo) };
}

const dir = mkdtempSync(join(tmpdir(), 'fieldsync-bench-app-'));
try {
  const file = join(dir, 'store.db');
  const store = LocalStore.open({ path: file });
  const seeding = time(() => seed(store));
  console.log(
    `Fieldsync bench:app · ${availableParallelism()} cores · load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} · reference deployment seeded in ${(seeding.ms / 1000).toFixed(1)} s`,
  );
  store.close();
  const reference = bench(file, `Reference deployment: ${seeding.value.length.toLocaleString('en')} visits`);
  const big = LocalStore.open({ path: file });
  const growing = time(() => grow(big, seeding.value, bigVisits));
  big.close();
  const synthetic = bench(
    file,
    `Synthetic store: ${bigVisits.toLocaleString('en')} visits (grown in ${(growing.ms / 1000).toFixed(1)} s)`,
  );
  const verdict = (f: Record<string, number>) =>
    (f.first ?? Infinity) <= 300 && (f.worstChange ?? Infinity) <= 300 ? 'within' : 'OVER';
  console.log(
    `\nTargets ≤ 300 ms: reference ${verdict(reference)} (worst change ${reference.worstChange?.toFixed(0)} ms), ` +
      `${bigVisits.toLocaleString('en')} visits ${verdict(synthetic)} (worst change ${synthetic.worstChange?.toFixed(0)} ms)`,
  );
  console.log(
    `Target bulk Approve of 500 ≤ 2,000 ms: reference ${reference.bulkApprove?.toFixed(0)} ms, ` +
      `${bigVisits.toLocaleString('en')} visits ${synthetic.bulkApprove?.toFixed(0)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
