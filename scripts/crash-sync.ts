/**
 * `npm run crash:sync -- --kills 200 [--seed 1] [--profile tiny|small] [--max-delay 300]`: kill -9 of
 * a client process mid-sync, again and again, with integrity and no-lost-edit checks after every kill
 * (see `test/sync/helpers/crash-loop.ts`; `npm test` runs 40 in test/sync/sync-cli.test.ts). Prints a JSON report; exits 1 on any problem.
 */
import { parseArgs } from 'node:util';
import { bundleSyncCli, removeSyncCliBundle } from '../test/sync/helpers/cli-bundle.js';
import { crashLoop } from '../test/sync/helpers/crash-loop.js';
import { startEngineServer, tempDir } from '../test/sync/helpers/engine-env.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string' },
    seed: { type: 'string' },
    profile: { type: 'string' },
    'max-delay': { type: 'string' },
  },
});
const profile = values.profile === 'small' ? 'small' : 'tiny';
const env = await startEngineServer(profile);
const tmp = tempDir('fieldsync-crash-');
const cli = await bundleSyncCli(`crash-script-${process.pid}`);
const report = await crashLoop({
  server: env.server,
  cli,
  dir: tmp.dir,
  kills: Number(values.kills ?? 200),
  seed: Number(values.seed ?? 1),
  freshEvery: 25,
  maxDelayMs: Number(values['max-delay'] ?? 300),
});
await env.close();
tmp.cleanup();
removeSyncCliBundle(cli);
console.log(JSON.stringify({ profile, ...report }, null, 2));
process.exitCode = report.problems.length > 0 ? 1 : 0;
