import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStore, type LocalStoreOptions } from '../../../src/main/store/local-store.js';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../../../src/main/sync/sync-client.js';
import type { ServerPlugin } from '../../../src/server/server-context.js';
import { startTestServer, type TestDatabase, type TestSeed, type TestServer } from '../../support/test-server.js';

export const DEMO = { username: 'demo', password: 'demo' } as const;

/** A real test server that can be told to answer the next sync requests with a 503. */
export interface EngineServer {
  readonly server: TestServer;
  /** The next `n` requests to `/api/sync` get HTTP 503 (0 clears). */
  failNext(n: number): void;
  /** How many injected 503s were served so far. */
  served503(): number;
  close(): Promise<void>;
}

export async function startEngineServer(
  seed: TestSeed = 'tiny',
  options: { plugins?: readonly ServerPlugin[]; database?: TestDatabase } = {},
): Promise<EngineServer> {
  let failures = 0;
  let served = 0;
  // A server-side outage, injected where a real one would show: before the route runs.
  const outage: ServerPlugin = {
    name: 'test-outage',
    public(app) {
      app.addHook('onRequest', async (request, reply) => {
        if (failures > 0 && request.url.startsWith('/api/sync')) {
          failures--;
          served++;
          return reply.code(503).send({ error: { code: 'SERVER', message: 'Injected outage' } });
        }
      });
    },
  };
  const server = await startTestServer({
    seed,
    plugins: [outage, ...(options.plugins ?? [])],
    ...(options.database ? { database: options.database } : {}),
  });
  return {
    server,
    failNext: (n) => {
      failures = n;
    },
    served503: () => served,
    close: () => server.close(),
  };
}

/** One client: its own store file and sync services. */
export interface TestClient {
  readonly store: LocalStore;
  readonly client: SyncClient;
  readonly path: string;
  close(): void;
}

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openClient(
  baseUrl: string,
  path: string,
  options: { store?: Partial<LocalStoreOptions>; client?: Partial<SyncClientOptions> } = {},
): TestClient {
  const store = LocalStore.open({ path, ...options.store });
  const client = createSyncClient({ baseUrl, store, credentials: DEMO, ...options.client });
  return {
    store,
    client,
    path,
    close: () => {
      client.close();
      store.close();
    },
  };
}
