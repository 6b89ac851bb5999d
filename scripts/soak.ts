/**
 * `npm run soak -- --schedules 10000`: runs the convergence schedules of `test/sync/convergence.test.ts`
 * for as long as asked, against one tiny-seeded server, and prints every failing seed.
 *   --schedules <n>   how many (default 1000)       --first-seed <n>  first seed (default: random)
 *   --seed <n>        replay exactly one seed       --steps <n>       steps per schedule (default 20)
 *   --clients <n>     2 or 3 (default: as the suite)  --sequential / --concurrent  force one shape
 *   --postgres        against PostgreSQL (TEST_DATABASE_URL) instead of PGlite
 *   --trace           print every step (with --seed, to see how a failing schedule went)
 */
import { parseArgs } from 'node:util';
import { runSchedule, scheduleOf, startConvergenceEnv } from '../test/sync/helpers/convergence.js';

const { values } = parseArgs({
  options: {
    schedules: { type: 'string' },
    'first-seed': { type: 'string' },
    seed: { type: 'string' },
    steps: { type: 'string' },
    clients: { type: 'string' },
    sequential: { type: 'boolean' },
    concurrent: { type: 'boolean' },
    postgres: { type: 'boolean' },
    trace: { type: 'boolean' },
  },
});

const replay = values.seed === undefined ? undefined : Number(values.seed);
const count = replay === undefined ? Number(values.schedules ?? 1000) : 1;
const first = replay ?? Number(values['first-seed'] ?? Math.floor(Math.random() * 1e9));
const steps = Number(values.steps ?? 20);

const { env, close } = await startConvergenceEnv('fieldsync-soak-', values.postgres ? { database: 'postgres' } : {});

const started = performance.now();
const failed: number[] = [];
let syncs = 0;
let failedSyncs = 0;
let conflicts = 0;
for (let seed = first; seed < first + count; seed++) {
  const shape = scheduleOf(seed, steps);
  const outcome = await runSchedule(env, {
    ...shape,
    ...(values.clients ? { clients: Number(values.clients) } : {}),
    ...(values.sequential ? { concurrent: false } : values.concurrent ? { concurrent: true } : {}),
    ...(values.trace ? { trace: (line: string) => console.log(`  [${seed}] ${line}`) } : {}),
  });
  syncs += outcome.syncs;
  failedSyncs += outcome.failedSyncs;
  conflicts += outcome.conflicts;
  if (outcome.failures.length > 0) {
    failed.push(seed);
    console.log(`seed ${seed} FAILED (replay: npm run soak -- --seed ${seed})`);
    for (const f of outcome.failures.slice(0, 10)) console.log(`  ${f}`);
  }
  const done = seed - first + 1;
  if (done % 100 === 0 || done === count) {
    const s = (performance.now() - started) / 1000;
    console.log(
      `${done}/${count} schedules, ${failed.length} failed, ${syncs} syncs (${failedSyncs} broken by faults), ${conflicts} conflicts, ${s.toFixed(0)} s`,
    );
  }
}

await close();
console.log(
  JSON.stringify({ firstSeed: first, schedules: count, failedSeeds: failed, syncs, failedSyncs, conflicts }, null, 2),
);
process.exitCode = failed.length > 0 ? 1 : 0;
// Should something still hold the event loop after a long soak, say what, then leave anyway.
setTimeout(() => {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  console.error(`soak: still alive 10 s after the end, held by: ${handles.map((h) => h.constructor.name).join(', ')}`);
  process.exit();
}, 10_000).unref();
