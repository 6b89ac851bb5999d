/**
 * `npm run crash:sync -- --kills 200 [--seed 1] [--profile tiny|small] [--max-delay 300] [--sign-in-every 5]
 * [--photo-every 3] [--one-client]`: kill -9 of a client process mid-sync, again and again, with integrity and no-lost-edit
 * checks after every kill (see `test/sync/helpers/crash-loop.ts`; `npm test` runs 40 in
 * test/sync/sync-cli.test.ts). Every `--sign-in-every`th kill is aimed at the sign-in instead; a second
 * client edits the same fields and syncs between kills (conflicts merged and rebased under the kills)
 * unless `--one-client`. Every `--photo-every`th kill (0: none) imports a card of new photos with the photos
 * CLI on a third store and is aimed at the upload; at the end every photo must be on the server exactly
 * once with its bytes intact (hash compared). Prints a JSON report; exits 1 on any problem, on a run
 * between kills that did not exit 0, when fewer than half the kills aimed at a sync (or at an upload)
 * landed inside one, or when sign-in kills were asked for and none landed during a sign-in.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FsBlobStore } from '../src/server/photos/fs-blob-store.js';
import { photoPlugin } from '../src/server/photos/photo-plugin.js';
import { bundleSyncCli, removeSyncCliBundle } from '../test/sync/helpers/cli-bundle.js';
import { crashLoop } from '../test/sync/helpers/crash-loop.js';
import { startEngineServer, tempDir } from '../test/sync/helpers/engine-env.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string' },
    seed: { type: 'string' },
    profile: { type: 'string' },
    'max-delay': { type: 'string' },
    'sign-in-every': { type: 'string' },
    'photo-every': { type: 'string' },
    'one-client': { type: 'boolean' },
  },
});
const profile = values.profile === 'small' ? 'small' : 'tiny';
const tmp = tempDir('fieldsync-crash-');
const blobs = new FsBlobStore(join(tmp.dir, 'server-blobs'));
const env = await startEngineServer(profile, { plugins: [photoPlugin(blobs)] });
const cli = await bundleSyncCli(`crash-script-${process.pid}`);
const photoEvery = Number(values['photo-every'] ?? 3);
const photosCli = photoEvery > 0 ? await bundleSyncCli(`crash-script-${process.pid}`, 'scripts/photos-cli.ts') : '';
const report = await crashLoop({
  server: env.server,
  cli,
  dir: tmp.dir,
  kills: Number(values.kills ?? 200),
  seed: Number(values.seed ?? 1),
  freshEvery: 25,
  maxDelayMs: Number(values['max-delay'] ?? 300),
  signInEvery: Number(values['sign-in-every'] ?? 5),
  conflictingClient: !values['one-client'],
  ...(photoEvery > 0 ? { photos: { cli: photosCli, blobs, every: photoEvery } } : {}),
});
await env.close();
tmp.cleanup();
removeSyncCliBundle(cli);
// The kills are only worth their count if they land where the work is.
const failures = [...report.problems];
if (report.landedMidSync < report.aimedAtSync / 2) {
  failures.push(`only ${report.landedMidSync} of ${report.aimedAtSync} kills aimed at a sync landed inside one`);
}
if (report.landedMidUpload < report.aimedAtUpload / 2) {
  failures.push(
    `only ${report.landedMidUpload} of ${report.aimedAtUpload} kills aimed at a photo upload landed inside one`,
  );
}
if (report.aimedAtSignIn > 0 && report.landedInSignIn === 0) {
  failures.push(`none of the ${report.aimedAtSignIn} kills aimed at a sign-in landed during one`);
}
console.log(JSON.stringify({ profile, ...report, failures }, null, 2));
process.exitCode = failures.length > 0 ? 1 : 0;
