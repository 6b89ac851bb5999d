/**
 * `npm run openapi` (`--check` exits 1 when the committed copy is stale): writes docs/openapi.json as
 * served by a server started from the command line (the same plugins), on a throwaway database.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServerApp } from '../create-server-app.js';
import { openServerDatabase } from '../db/open-server-database.js';
import { serverPlugins } from '../server-plugins.js';

/** Where the committed OpenAPI document lives. */
export const OPENAPI_PATH = resolve(import.meta.dirname, '../../../docs/openapi.json');

/** The document a command-line server serves, pretty-printed as committed. */
export async function servedOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldsync-openapi-'));
  const database = await openServerDatabase();
  try {
    const app = await createServerApp({ database, plugins: await serverPlugins({ dataDir, database }) });
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    await app.close();
    return `${JSON.stringify(res.json(), null, 2)}\n`;
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } } });
  const served = await servedOpenApi();
  if (values.check) {
    const current = readFileSync(OPENAPI_PATH, 'utf8');
    if (current !== served) {
      console.error('docs/openapi.json is stale: run npm run openapi');
      process.exit(1);
    }
    console.log('docs/openapi.json is current');
  } else {
    writeFileSync(OPENAPI_PATH, served);
    console.log(`wrote ${OPENAPI_PATH}`);
  }
}
