import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../support/test-server.js';
import {
  type ConvergenceEnv,
  runSchedule,
  type ScheduleOutcome,
  scheduleOf,
  startConvergenceEnv,
} from './convergence.js';
import { FAULTS } from './fault-plan.js';

/**
 * Seeded, replayable convergence schedules: 2–3 clients with clocks a day apart edit, review, create
 * and delete two records per type, and sync under random faults (cuts, resets, stalls, refusals,
 * 503s) — every other schedule several clients at the same moment. After the faults stop and every
 * client synced twice, the oracle (helpers/oracle.ts) models each field's final value from what the
 * server applied: every replica equals the server, every write was applied once (or legitimately
 * superseded), the write applied last wins, the officer's choice wins, untouched fields keep their
 * values, nothing is duplicated or revived. `npm run soak` runs thousands; replay one with
 * `npm run soak -- --seed <n>`. On PostgreSQL (TEST_DATABASE_URL) a shorter run of concurrent schedules.
 */
const SCHEDULES = Number(process.env.FIELDSYNC_SCHEDULES ?? 100);
const PG_SCHEDULES = Number(process.env.FIELDSYNC_PG_SCHEDULES ?? 20);
const FIRST_SEED = Number(process.env.FIELDSYNC_FIRST_SEED ?? 1);
const STEPS = Number(process.env.FIELDSYNC_STEPS ?? 20);

/**
 * The schedules on one database, with their coverage check. One test file per database
 * (convergence.test.ts, convergence-postgres.test.ts), so the two runs go to separate vitest workers.
 */
export function convergenceSuite(database: TestDatabase): void {
  describe(`convergence on ${database}`, () => {
    const count = database === 'postgres' ? PG_SCHEDULES : SCHEDULES;
    let env: ConvergenceEnv;
    let close: (() => Promise<void>) | undefined;
    const outcomes: ScheduleOutcome[] = [];

    beforeAll(async () => {
      ({ env, close } = await startConvergenceEnv(`fieldsync-convergence-${database}-`, { database }));
    });
    afterAll(async () => {
      await close?.();
    });

    for (let seed = FIRST_SEED; seed < FIRST_SEED + count; seed++) {
      // PostgreSQL runs the concurrent shapes only: PGlite serialises every transaction, PostgreSQL does not.
      const shape =
        database === 'postgres' ? { ...scheduleOf(seed, STEPS), concurrent: true } : scheduleOf(seed, STEPS);
      it(`schedule ${seed}${shape.concurrent ? ' (concurrent)' : ''}`, async () => {
        // FIELDSYNC_TRACE=<seed> prints that schedule's steps as it runs here, after the schedules before it.
        const trace =
          process.env.FIELDSYNC_TRACE === String(seed) ? (line: string) => console.log(`[${seed}] ${line}`) : undefined;
        const outcome = await runSchedule(env, trace ? { ...shape, trace } : shape);
        outcomes.push(outcome);
        expect(outcome.failures, `replay: npm run soak -- --seed ${seed}`).toEqual([]);
      });
    }

    // A property test that met no fault or conflict would prove nothing (checked on full runs only).
    it.skipIf(count < 20)('the schedules really met every fault, contention and concurrency', () => {
      const sum = (f: (o: ScheduleOutcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
      for (const fault of FAULTS.filter((f) => f !== 'none')) {
        // Counted when it took effect on its sync (a cut that fired, a reset that hit a connection…).
        // 503s are only injected when one client syncs, so PostgreSQL's all-concurrent run meets none.
        if (fault === 'server-error' && database === 'postgres') continue;
        expect(
          sum((o) => o.effective[fault] ?? 0),
          `${fault} took effect`,
        ).toBeGreaterThanOrEqual(3);
      }
      expect(sum((o) => o.failedSyncs)).toBeGreaterThan(count / 4);
      expect(sum((o) => o.conflicts)).toBeGreaterThan(count / 2);
      expect(
        sum((o) => o.contested),
        'fields acknowledged from two clients',
      ).toBeGreaterThan(count / 2);
      expect(sum((o) => o.concurrentSyncs)).toBeGreaterThan(count / 2);
      console.log(
        `convergence on ${database}: ${count} schedules, ${sum((o) => o.syncs)} syncs (${sum((o) => o.failedSyncs)} failed), ` +
          `${sum((o) => o.acknowledged)} acknowledged field writes, ${sum((o) => o.contested)} contested fields, ` +
          `${sum((o) => o.conflicts)} conflicts, ${sum((o) => o.concurrentSyncs)} concurrent syncs, faults that took effect ` +
          JSON.stringify(Object.fromEntries(FAULTS.map((f) => [f, sum((o) => o.effective[f] ?? 0)]))),
      );
    });
  });
}
