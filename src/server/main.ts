/**
 * `npm run server -- [options]`; `npm run server -- --help` lists every setting (flag and environment
 * variable, declared in `config/server-settings.ts`). Starts the reference sync server on PGlite in the
 * data dir, or on PostgreSQL when DATABASE_URL is set; migrations are applied on start. Refuses to serve
 * a non-loopback address without a TLS proxy in front, or while the demo users keep their published
 * passwords. A bad setting or a refusal exits with code 2 and one line on stderr.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { entityGraph } from '../shared/entity-graph.js';
import { parseServerSettings, SettingError, serverHelp } from './config/server-settings.js';
import { demoUsersProblem, exposureProblem, isLoopback } from './config/startup-checks.js';
import { createServerApp } from './create-server-app.js';
import { openServerDatabase } from './db/open-server-database.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { createScopeModel } from './scope/scope-model.js';
import { seedDemo } from './seed/seed-demo.js';
import { serverPlugins } from './server-plugins.js';
import { ensureFeedHead } from './sync/feed-head.js';
import { startPurgeSchedule } from './sync/purge-schedule.js';

function refuse(message: string): never {
  process.stderr.write(`fieldsync server: ${message}\n`);
  process.exit(2);
}

let settings: ReturnType<typeof parseServerSettings>;
try {
  settings = parseServerSettings(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof SettingError) refuse(error.message);
  throw error;
}
if (settings.help) {
  process.stdout.write(serverHelp());
  process.exit(0);
}
const exposed = exposureProblem(settings);
if (exposed) refuse(exposed);

const dataDir = resolve(settings.dataDir);
mkdirSync(dataDir, { recursive: true });
const database = await openServerDatabase(
  settings.databaseUrl ? { databaseUrl: settings.databaseUrl } : { dataDir: resolve(dataDir, 'pglite') },
);
if (settings.seed) {
  await ensureFeedHead(database.db);
  const seeded = await seedDemo(database.db, entityGraph, createScopeModel(entityGraph), settings.profile);
  console.log(
    seeded.seeded
      ? `Seeded ${seeded.records} records (${settings.profile}) in ${(seeded.ms / 1000).toFixed(1)} s`
      : 'Database already has data; not seeding',
  );
}
if (!isLoopback(settings.host)) {
  const demo = await demoUsersProblem(database.db);
  if (demo) {
    await database.close();
    refuse(demo);
  }
}
const app = await createServerApp({
  database,
  plugins: await serverPlugins({
    dataDir,
    database,
    updatesDir: resolve(settings.updatesDir ?? resolve(dataDir, 'updates')),
    photoUploadTtlMs: settings.uploadTtlHours * 3600_000,
    photoStorage: {
      PHOTO_S3_BUCKET: settings.photoS3Bucket,
      PHOTO_S3_ENDPOINT: settings.photoS3Endpoint,
      PHOTO_S3_REGION: settings.photoS3Region,
      PHOTO_S3_ACCESS_KEY_ID: settings.photoS3AccessKeyId,
      PHOTO_S3_SECRET_ACCESS_KEY: settings.photoS3SecretAccessKey,
    },
  }),
  // JSON lines (pino), each request's lines carrying its id.
  logger: settings.logLevel === 'silent' ? false : { level: settings.logLevel },
  trustProxy: settings.behindTlsProxy,
  metrics: new ServerMetrics({ processMetrics: true }),
  ...(settings.metricsToken ? { metricsToken: settings.metricsToken } : {}),
});
const purging = startPurgeSchedule(
  database.db,
  entityGraph,
  {
    horizonMs: settings.purgeHorizonDays * 86_400_000,
    everyMs: settings.purgeIntervalHours * 3_600_000,
    now: () => new Date(),
  },
  app.log,
);
await app.listen({ host: settings.host, port: settings.port });
console.log(`Fieldsync server on http://${settings.host}:${settings.port} (${database.kind})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await purging.stop();
    await app.close();
    await database.close();
    process.exit(0);
  });
}
