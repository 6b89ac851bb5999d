import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSyncCli } from '../sync/helpers/cli-bundle.js';
import { crashLoop } from '../sync/helpers/crash-loop.js';
import { type EngineServer, startEngineServer, tempDir } from '../sync/helpers/engine-env.js';

/**
 * kill -9 of a client process mid-sync, again and again on one store file (`npm run crash:sync` runs
 * 200+). After every kill: `PRAGMA integrity_check` is ok and no outbox entry is lost; at the end a
 * sync completes and the replica equals the server.
 */
const KILLS = Number(process.env.FIELDSYNC_KILLS ?? 20);

let env: EngineServer;
let tmp: ReturnType<typeof tempDir>;
let cli: string;

beforeAll(async () => {
  env = await startEngineServer('tiny');
  tmp = tempDir('fieldsync-crash-');
  cli = await bundleSyncCli(`crash-test-${process.pid}`);
});
afterAll(async () => {
  await env?.close();
  tmp?.cleanup();
});

describe('a sync killed with SIGKILL', () => {
  it(`${KILLS} kills at random points: integrity ok, no edit lost, the next sync completes`, async () => {
    const report = await crashLoop({
      server: env.server,
      cli,
      dir: tmp.dir,
      kills: KILLS,
      seed: 1,
      freshEvery: 10,
      maxDelayMs: 300,
    });
    expect(report.problems).toEqual([]);
    // Most kills must land inside a running sync, not after it finished.
    expect(report.finishedFirst).toBeLessThan(KILLS / 2);
  }, 300_000);
});
