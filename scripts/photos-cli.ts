/**
 * `npm run photos -- import <folder> --server <url> --user <u> --password <p> --db <file>
 *    [--library <dir>] [--concurrency 4] [--assign high|medium|low] [--max-distance-km 2] [--lang fr]`
 * Syncs (to know the visits), imports the folder or card, assigns each photo its suggested visit when
 * the suggestion is at least as sure as `--assign` (default `high`: same day and near the school; a
 * photo whose GPS is farther than `--max-distance-km` from the school is never suggested). Other photos
 * are left out with the reason (the import screen lets an officer choose); the report lists each photo's
 * visit, distance and confidence.
 * then syncs again: the photo records are pushed and the photos uploaded (the first sync uploads
 * nothing, so the scan never waits on uploads left by an earlier run; they go up with the new ones and
 * count in `bytesUploaded`). Prints the JSON report: files seen, imported, duplicates, skipped with
 * reasons, bytes uploaded, photos still waiting to upload, ms. Exits 0 when every photo is on the server,
 * 1 while photos remain unsent (or the sync failed), 2 for a bad command line or folder.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { libraryFolderOf } from '../src/main/photos/library-paths.js';
import { PhotoImporter } from '../src/main/photos/photo-importer.js';
import { createPhotoPipeline } from '../src/main/photos/photo-pipeline.js';
import { LocalStore } from '../src/main/store/local-store.js';
import { ServerConnection } from '../src/main/sync/server-connection.js';
import { createSyncClient } from '../src/main/sync/sync-client.js';
import { DEFAULT_PHOTO_MAX_DISTANCE_KM } from '../src/shared/ipc/schemas/settings.js';
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
    assign: { type: 'string', default: 'high' },
    'max-distance-km': { type: 'string', default: String(DEFAULT_PHOTO_MAX_DISTANCE_KM) },
    lang: { type: 'string' },
  },
});

function fail(message: string, code = 'BAD_REQUEST'): number {
  process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  return 2;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function main(): Promise<number> {
  const [command, folder] = positionals;
  if (command !== 'import' || !folder) return fail(words.t('cli:photos.usage'));
  if (!values.server || !values.user || !values.password || !values.db) return fail(words.t('cli:photos.importNeeds'));
  const assign = values.assign;
  if (assign !== 'high' && assign !== 'medium' && assign !== 'low') return fail(words.t('cli:photos.usage'));
  const maxKm = Number(values['max-distance-km']);
  if (!Number.isFinite(maxKm) || maxKm <= 0) return fail(words.t('cli:photos.usage'));
  if (!(await isFolder(resolve(folder)))) return fail(words.t('cli:photos.notAFolder', { folder }), 'NOT_FOUND');
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
    maxDistanceMetres: maxKm * 1000,
  });
  let uploadsFailed = 0;
  // Off for the first sync: the scan must not wait for uploads an earlier run left.
  let uploading = false;
  const client = createSyncClient({
    connection,
    store,
    phases: { photos: (ctx) => (uploading ? pipeline.phase(ctx) : Promise.resolve({ ok: true, value: undefined })) },
  });
  let uploadStarted = false;
  pipeline.queue.on((e) => {
    if (e.kind !== 'photo-file') return;
    if (e.state === 'failed') uploadsFailed++;
    // Markers for scripts (the crash loop kills the process a moment after this one), not messages:
    // never translated.
    if (e.state === 'uploading' && !uploadStarted) {
      uploadStarted = true;
      process.stderr.write('photos: uploading\n');
    }
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
    const commit = await pipeline.importer.commit(scan, PhotoImporter.suggestedAtLeast(scan, assign));
    const before = pipeline.queue.bytesSentTotal();
    uploading = true;
    const sync = await client.engine.sync();
    process.stderr.write('photos: uploads finished\n');
    const bytesUploaded = pipeline.queue.bytesSentTotal() - before;
    const report = pipeline.importer.report(scan, commit, { bytesUploaded, failed: uploadsFailed });
    const counts = pipeline.queue.counts();
    const uploadsWaiting = counts.queued + counts.uploading + counts.failed;
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `${JSON.stringify({ ...report, uploadsWaiting, ms, ...(sync.error ? { syncError: sync.error } : {}) }, null, 2)}\n`,
    );
    return sync.error || uploadsWaiting > 0 ? 1 : 0;
  } finally {
    client.close();
    connection.close();
    await pipeline.sweepsDone;
    store.close();
  }
}

process.exitCode = await main();
