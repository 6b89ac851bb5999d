/**
 * `npm run server -- --port 8787 --data-dir <dir> [--seed demo [--profile reference|small|tiny]] [--host 0.0.0.0]
 *    [--upload-ttl-hours 24] [--updates-dir <dir>]`
 * Starts the reference sync server on PGlite in the data dir, or on PostgreSQL when DATABASE_URL is set.
 * Migrations are applied on start; `--seed demo` fills an empty database with the demo deployment.
 * Photo upload sessions not completed within `--upload-ttl-hours` expire (their parts are deleted).
 * The desktop app's update feed is served at /updates/ from `--updates-dir` (default <data-dir>/updates).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { entityGraph } from '../shared/entity-graph.js';
import type { DeploymentProfile } from '../shared/fixtures/index.js';
import { createServerApp } from './create-server-app.js';
import { openServerDatabase } from './db/open-server-database.js';
import { createScopeModel } from './scope/scope-model.js';
import { seedDemo } from './seed/seed-demo.js';
import { serverPlugins } from './server-plugins.js';
import { ensureFeedHead } from './sync/feed-head.js';

const PROFILES: readonly DeploymentProfile[] = ['reference', 'small', 'tiny'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.data/server' },
    seed: { type: 'string' },
    profile: { type: 'string', default: 'reference' },
    quiet: { type: 'boolean', default: false },
    'upload-ttl-hours': { type: 'string' },
    'updates-dir': { type: 'string' },
  },
});

const profile = values.profile as DeploymentProfile;
if (!PROFILES.includes(profile)) throw new Error(`--profile must be one of ${PROFILES.join(', ')}`);
if (values.seed !== undefined && values.seed !== 'demo') throw new Error('--seed accepts only "demo"');
const uploadTtlHours = values['upload-ttl-hours'] === undefined ? undefined : Number(values['upload-ttl-hours']);
if (uploadTtlHours !== undefined && !(uploadTtlHours > 0))
  throw new Error('--upload-ttl-hours must be a positive number');

const databaseUrl = process.env.DATABASE_URL;
const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true });
const database = await openServerDatabase(databaseUrl ? { databaseUrl } : { dataDir: resolve(dataDir, 'pglite') });
if (values.seed) {
  await ensureFeedHead(database.db);
  const seeded = await seedDemo(database.db, entityGraph, createScopeModel(entityGraph), profile);
  console.log(
    seeded.seeded
      ? `Seeded ${seeded.records} records (${profile}) in ${(seeded.ms / 1000).toFixed(1)} s`
      : 'Database already has data; not seeding',
  );
}
const app = await createServerApp({
  database,
  plugins: await serverPlugins({
    dataDir,
    database,
    updatesDir: resolve(values['updates-dir'] ?? resolve(dataDir, 'updates')),
    ...(uploadTtlHours === undefined ? {} : { photoUploadTtlMs: uploadTtlHours * 3600_000 }),
  }),
  logger: values.quiet ? false : { level: 'info' },
});
await app.listen({ host: values.host, port: Number(values.port) });
console.log(`Fieldsync server on http://${values.host}:${values.port} (${database.kind})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await database.close();
    process.exit(0);
  });
}
