import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { type ConvergenceEnv, makeGolden, runSchedule, type ScheduleOutcome } from './helpers/convergence.js';
import { type EngineServer, startEngineServer, tempDir } from './helpers/engine-env.js';

/**
 * Seeded, replayable convergence schedules: 2–3 clients with clocks a day apart edit, review, create
 * and delete, and sync under random faults (cuts, resets, stalls, refusals, 503s); after the faults
 * stop and every client synced twice, every replica must equal the server, with no write lost,
 * nothing duplicated or revived, and every concurrent edit merged or recorded. `npm run soak` runs
 * thousands; replay one with `npm run soak -- --seed <n>`.
 */
const SCHEDULES = Number(process.env.FIELDSYNC_SCHEDULES ?? 100);
const FIRST_SEED = Number(process.env.FIELDSYNC_FIRST_SEED ?? 1);

let server: EngineServer;
let proxies: FaultProxy[];
let tmp: ReturnType<typeof tempDir>;
let env: ConvergenceEnv;
const outcomes: ScheduleOutcome[] = [];

beforeAll(async () => {
  server = await startEngineServer('tiny');
  tmp = tempDir('fieldsync-convergence-');
  proxies = await Promise.all(
    [0, 1, 2].map(() => startFaultProxy({ target: { host: '127.0.0.1', port: server.server.port } })),
  );
  env = {
    dir: tmp.dir,
    serverUrl: server.server.url,
    proxies,
    failServer: server.failNext,
    token: (await server.server.login('demo')).token,
    golden: await makeGolden(tmp.dir, server.server.url),
  };
});
afterAll(async () => {
  for (const p of proxies ?? []) await p.close();
  await server?.close();
  tmp?.cleanup();
});

describe(`convergence: ${SCHEDULES} seeded schedules`, () => {
  for (let seed = FIRST_SEED; seed < FIRST_SEED + SCHEDULES; seed++) {
    it(`schedule ${seed}`, async () => {
      const outcome = await runSchedule(env, { seed, steps: 8, clients: seed % 3 === 0 ? 3 : 2 });
      outcomes.push(outcome);
      expect(outcome.failures, `replay: npm run soak -- --seed ${seed}`).toEqual([]);
    });
  }

  it('the schedules really met faults and conflicts', () => {
    const faults = new Set(outcomes.flatMap((o) => Object.keys(o.faults)));
    expect(faults.size).toBeGreaterThanOrEqual(Math.min(7, SCHEDULES));
    expect(outcomes.reduce((n, o) => n + o.failedSyncs, 0)).toBeGreaterThan(SCHEDULES / 4);
    expect(outcomes.reduce((n, o) => n + o.conflicts, 0)).toBeGreaterThan(SCHEDULES / 10);
  });
});
