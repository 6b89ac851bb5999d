/**
 * `npm run photos -- import <folder> --server <url> --user <u> --password <p> --db <file>
 *    [--library <dir>] [--concurrency 4] [--lang fr]`
 * Syncs (to know the visits), imports the folder or card, assigns each photo its suggested visit (a
 * photo without a suggestion is skipped with the reason; the import screen lets an officer choose),
 * then syncs again: the photo records are pushed and the photos uploaded. Prints the JSON report:
 * files seen, imported, duplicates, skipped with reasons, bytes uploaded, ms.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { libraryFolderOf } from '../src/main/photos/library-paths.js';
import { createPhotoPipeline } from '../src/main/photos/photo-pipeline.js';
import { LocalStore } from '../src/main/store/local-store.js';
import { ServerConnection } from '../src/main/sync/server-connection.js';
import { createSyncClient } from '../src/main/sync/sync-client.js';
import { logToStderr } from './cli-log.js';
import { cliTranslator } from './cli-translator.js';

logToStderr();
const words = cliTranslator();

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    server: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    db: { type: 'string' },
    library: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    lang: { type: 'string' },
  },
});

function fail(message: string): number {
  process.stdout.write(`${JSON.stringify({ error: { code: 'BAD_REQUEST', message } }, null, 2)}\n`);
  return 2;
}

async function main(): Promise<number> {
  const [command, folder] = positionals;
  if (command !== 'import' || !folder) return fail(words.t('cli:photos.usage'));
  if (!values.server || !values.user || !values.password || !values.db) return fail(words.t('cli:photos.importNeeds'));
  const started = performance.now();
  const store = LocalStore.open({ path: values.db });
  const connection = new ServerConnection({
    baseUrl: values.server,
    credentials: { username: values.user, password: values.password },
  });
  const pipeline = createPhotoPipeline({
    store,
    // The app's own layout (accounts\<key>.db beside accounts\<key>-photos), so an import into the
    // app's database queues uploads the app can find.
    libraryDir: values.library ?? libraryFolderOf(resolve(values.db)),
    connection,
    concurrency: Number(values.concurrency),
  });
  let uploadsFailed = 0;
  const client = createSyncClient({
    connection,
    store,
    phases: { photos: pipeline.phase },
  });
  pipeline.queue.on((e) => {
    if (e.kind === 'photo-file' && e.state === 'failed') uploadsFailed++;
  });
  try {
    const login = await client.api.login(values.user, values.password);
    if (!login.ok) {
      process.stdout.write(`${JSON.stringify({ error: login.error }, null, 2)}\n`);
      return 1;
    }
    await client.engine.sync();
    const scan = await pipeline.importer.scan(resolve(folder), {
      onProgress: (e) =>
        process.stderr.write(`\r${words.t('cli:photos.scanned', { done: e.filesProcessed, seen: e.filesSeen })}`),
    });
    process.stderr.write('\n');
    const commit = await pipeline.importer.commit(scan);
    const before = pipeline.queue.bytesSentTotal();
    const sync = await client.engine.sync();
    const bytesUploaded = pipeline.queue.bytesSentTotal() - before;
    const report = pipeline.importer.report(scan, commit, { bytesUploaded, failed: uploadsFailed });
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `${JSON.stringify({ ...report, ms, ...(sync.error ? { syncError: sync.error } : {}) }, null, 2)}\n`,
    );
    return sync.error ? 1 : 0;
  } finally {
    client.close();
    connection.close();
    await pipeline.sweepsDone;
    store.close();
  }
}

process.exitCode = await main();
