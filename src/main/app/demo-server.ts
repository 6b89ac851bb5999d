import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServerApp } from '../../server/create-server-app.js';
import { openServerDatabase } from '../../server/db/open-server-database.js';
import { createScopeModel } from '../../server/scope/scope-model.js';
import { seedDemo } from '../../server/seed/seed-demo.js';
import { ensureFeedHead } from '../../server/sync/feed-head.js';
import { entityGraph } from '../../shared/entity-graph.js';
import type { DeploymentProfile } from '../../shared/fixtures/index.js';
import { createLogger } from '../log.js';

const log = createLogger('demo');

export interface DemoServerOptions {
  /** Deployment size of a fresh demo (default: the reference deployment). */
  readonly profile?: DeploymentProfile;
  /** Packaged builds pass the shipped PostgreSQL migrations. */
  readonly migrationsFolder?: string;
}

/**
 * Demo mode: the reference sync server in this process, on an embedded PGlite database in
 * `<dataDir>/demo-server`, seeded once with the reference deployment, listening on loopback only.
 */
export async function startDemoServer(dataDir: string, options: DemoServerOptions = {}) {
  const folder = join(dataDir, 'demo-server');
  mkdirSync(folder, { recursive: true });
  const started = performance.now();
  const database = await openServerDatabase({
    dataDir: folder,
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
  });
  try {
    await ensureFeedHead(database.db);
    const seeded = await seedDemo(
      database.db,
      entityGraph,
      createScopeModel(entityGraph),
      options.profile ?? 'reference',
    );
    if (seeded.seeded) log.info(`Seeded the demo deployment: ${seeded.records} records in ${Math.round(seeded.ms)} ms`);
    const app = await createServerApp({ database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    log.info(`Demo server on 127.0.0.1:${port}, ready in ${Math.round(performance.now() - started)} ms`);
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
