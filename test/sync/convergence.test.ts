import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConvergenceEnv, runSchedule, type ScheduleOutcome, startConvergenceEnv } from './helpers/convergence.js';

/**
 * Seeded, replayable convergence schedules: 2–3 clients with clocks a day apart edit, review, create
 * and delete, and sync under random faults (cuts, resets, stalls, refusals, 503s); after the faults
 * stop and every client synced twice, every replica must equal the server, with no write lost,
 * nothing duplicated or revived, and every concurrent edit merged or recorded. `npm run soak` runs
 * thousands; replay one with `npm run soak -- --seed <n>`.
 */
const SCHEDULES = Number(process.env.FIELDSYNC_SCHEDULES ?? 100);
const FIRST_SEED = Number(process.env.FIELDSYNC_FIRST_SEED ?? 1);

let env: ConvergenceEnv;
let close: (() => Promise<void>) | undefined;
const outcomes: ScheduleOutcome[] = [];

beforeAll(async () => {
  ({ env, close } = await startConvergenceEnv('fieldsync-convergence-'));
});
afterAll(async () => {
  await close?.();
});

describe(`convergence: ${SCHEDULES} seeded schedules`, () => {
  for (let seed = FIRST_SEED; seed < FIRST_SEED + SCHEDULES; seed++) {
    it(`schedule ${seed}`, async () => {
      const outcome = await runSchedule(env, { seed, steps: 8, clients: seed % 3 === 0 ? 3 : 2 });
      outcomes.push(outcome);
      expect(outcome.failures, `replay: npm run soak -- --seed ${seed}`).toEqual([]);
    });
  }

  // A property test that met no fault or conflict would prove nothing (checked on full runs only).
  it.skipIf(SCHEDULES < 50)('the schedules really met every fault, and conflicts', () => {
    const faults = new Set(outcomes.flatMap((o) => Object.keys(o.faults)));
    expect(faults.size).toBe(7);
    expect(outcomes.reduce((n, o) => n + o.failedSyncs, 0)).toBeGreaterThan(SCHEDULES / 4);
    expect(outcomes.reduce((n, o) => n + o.conflicts, 0)).toBeGreaterThan(SCHEDULES / 10);
  });
});
