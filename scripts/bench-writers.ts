/**
 * `npm run bench:writers [-- --writers 8 --burst 500 --rounds 10]`
 * Concurrent writers pushing overlapping bursts into one server on PostgreSQL (`DATABASE_URL`, or
 * `TEST_DATABASE_URL` plus a scratch database created and dropped here). Prints applied, conflicts,
 * rejections, HTTP 500/503 answers, push latency and the deadlocks PostgreSQL counted in the run.
 * The goal: 0 deadlocks and 0 HTTP 500 under 8 writers with bursts of 500 ops.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createServerApp } from '../src/server/create-server-app.js';
import { openServerDatabase } from '../src/server/db/open-server-database.js';
import { createScopeModel } from '../src/server/scope/scope-model.js';
import { DEMO_USERS, seedDemo } from '../src/server/seed/seed-demo.js';
import { ensureFeedHead } from '../src/server/sync/feed-head.js';
import { entityGraph } from '../src/shared/entity-graph.js';
import { deploymentFacts } from '../src/shared/fixtures/index.js';
import { runWriterBurst } from '../test/support/writer-burst.js';

const { values } = parseArgs({
  options: {
    writers: { type: 'string', default: '8' },
    burst: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '10' },
  },
});
const base = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!base) {
  console.error('bench:writers needs PostgreSQL: set DATABASE_URL or TEST_DATABASE_URL (postgres://…)');
  process.exit(2);
}
const scratch = !process.env.DATABASE_URL;
const name = `fieldsync_bench_writers_${randomUUID().slice(0, 8)}`;
const target = new URL(base);
if (scratch) {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  target.pathname = `/${name}`;
}
const database = await openServerDatabase({ databaseUrl: target.toString() });
try {
  await ensureFeedHead(database.db);
  await seedDemo(database.db, entityGraph, createScopeModel(entityGraph), 'tiny');
  const app = await createServerApp({ database });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const report = await runWriterBurst({
    url,
    ...DEMO_USERS.demo,
    districtIds: deploymentFacts({ profile: 'tiny', organisation: 'demo' }).districts.map((d) => d.id),
    writers: Number(values.writers),
    burst: Number(values.burst),
    rounds: Number(values.rounds),
    databaseUrl: target.toString(),
  });
  console.log(
    JSON.stringify(
      { writers: Number(values.writers), burst: Number(values.burst), rounds: Number(values.rounds), ...report },
      null,
      2,
    ),
  );
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  await app.close();
} finally {
  await database.close();
  if (scratch) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
