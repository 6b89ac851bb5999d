/**
 * One more server process for `bench:server --instances N`, run in a worker thread: a deployment on a
 * multi-core machine runs one server per core on the same PostgreSQL (docs/SERVER.md, "More than one
 * server process"), and a worker thread has its own event loop as a process would. It opens its own
 * pool, listens on a port of its own, posts `{ url }` and closes when told.
 */
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createServerApp } from '../../src/server/create-server-app.js';
import { openServerDatabase } from '../../src/server/db/open-server-database.js';
import { BENCH_LIMITS } from './bench-limits.js';

export interface InstanceInput {
  readonly databaseUrl: string;
  readonly poolSize?: number;
}

const input = workerData as InstanceInput;
const database = await openServerDatabase({
  databaseUrl: input.databaseUrl,
  ...(input.poolSize === undefined ? {} : { poolSize: input.poolSize }),
});
const app = await createServerApp({
  database,
  limits: BENCH_LIMITS,
});
await app.listen({ host: '127.0.0.1', port: 0 });
parentPort?.postMessage({ url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` });
parentPort?.once('message', async () => {
  await app.close();
  await database.close();
  parentPort?.close();
});
