import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSyncCli, removeSyncCliBundle } from './helpers/cli-bundle.js';
import { crashLoop } from './helpers/crash-loop.js';
import { type EngineServer, startEngineServer, tempDir } from './helpers/engine-env.js';

/** kill -9 runs in `npm test`; `npm run crash:sync` runs 200+. */
const KILLS = Number(process.env.FIELDSYNC_KILLS ?? 40);

let env: EngineServer;
let tmp: ReturnType<typeof tempDir>;
let cli: string;

beforeAll(async () => {
  env = await startEngineServer('tiny');
  tmp = tempDir('fieldsync-cli-');
  cli = await bundleSyncCli(`cli-test-${process.pid}`);
});
afterAll(async () => {
  await env?.close();
  tmp?.cleanup();
  if (cli) removeSyncCliBundle(cli);
});

/** Runs `npm run sync -- <args>` (bundled) and parses its JSON output. */
function run(...args: string[]): Promise<{ code: number | null; json: Record<string, unknown> }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, json: JSON.parse(out) })));
}

describe('npm run sync', () => {
  it('syncs, edits from the shell, and pushes the edits with the next sync', async () => {
    const db = join(tmp.dir, 'cli.db');
    const login = ['--server', env.server.url, '--user', 'demo', '--password', 'demo', '--db', db];
    const first = await run('sync', ...login);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ pushed: 0, conflicts: 0, needsAttention: 0 });
    for (const key of ['pulled', 'requests', 'bytesUp', 'bytesDown', 'ms']) expect(first.json[key]).toBeGreaterThan(0);

    const visit = await firstVisit();
    expect(
      (await run('review', '--db', db, '--visit', visit, '--status', 'approved', '--comment', 'Good visit')).code,
    ).toBe(0);
    const school = await firstSchool();
    expect(
      (
        await run(
          'edit',
          '--db',
          db,
          '--entity',
          'school',
          '--id',
          school,
          '--set',
          'enrolment=321',
          '--set',
          'phone=+254 700 000 001',
        )
      ).code,
    ).toBe(0);
    const status = await run('status', '--db', db);
    expect(status.json).toMatchObject({ outbox: { pending: 2 } });

    const second = await run('sync', ...login);
    expect(second.json).toMatchObject({ pushed: 2, pending: 0, requests: 1 });
    const rows = await env.server.sync('demo', { cursors: {} });
    const items = rows.changes.flatMap((c) => c.items);
    expect(items.find((r) => r.id === visit)).toMatchObject({ reviewStatus: 'approved', reviewComment: 'Good visit' });
    expect(items.find((r) => r.id === school)).toMatchObject({ enrolment: 321, phone: '+254 700 000 001' });
  });

  it('refuses a bad edit with the reason, and a wrong password with exit code 1', async () => {
    const db = join(tmp.dir, 'cli-bad.db');
    const bad = await run('edit', '--db', db, '--entity', 'school', '--id', 'x', '--set', 'colour=red');
    expect(bad).toMatchObject({ code: 1, json: { error: { code: 'VALIDATION', field: 'colour' } } });
    const wrong = await run('sync', '--server', env.server.url, '--user', 'demo', '--password', 'nope', '--db', db);
    expect(wrong).toMatchObject({ code: 1, json: { error: { code: 'UNAUTHORIZED' } } });
  });
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
    expect(report.landedMidSync).toBeGreaterThanOrEqual(KILLS / 2);
    expect(report.acknowledged).toBeGreaterThan(0);
  }, 300_000);
});

async function firstOf(collection: string): Promise<string> {
  const page = await env.server.request('demo', 'GET', `/api/${collection}?limit=1`);
  return (page.body as { items: { id: string }[] }).items[0]?.id ?? '';
}
const firstVisit = () => firstOf('school-visits');
const firstSchool = () => firstOf('schools');
