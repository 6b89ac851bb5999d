/**
 * `npm run sync -- --server <url> --user <u> --password <p> --db <file>`: one sync through the app's
 * engine, printing a JSON summary (`--page-limit <n>` records per response, `--cache-mb <n>` SQLite
 * page cache, `--progress` one JSON line per progress event on stderr with its figures and the status bar's words,
 * photos included: an import queued uploads in this database and they go in the photo phase; `--lang fr` messages in French), plus local-edit subcommands for scripting and
 * tests. `USAGE` below lists every form; `--help` prints it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { libraryFolderOf } from '../src/main/photos/library-paths.js';
import { createPhotoPipeline } from '../src/main/photos/photo-pipeline.js';
import { LocalStore } from '../src/main/store/local-store.js';
import { ServerConnection } from '../src/main/sync/server-connection.js';
import { createSyncClient } from '../src/main/sync/sync-client.js';
import type { Result } from '../src/shared/errors.js';

import { logToStderr } from './cli-log.js';
import { cliTranslator } from './cli-translator.js';
import { parseAssignments, resolveEntity, reviewVisit, storeStatus, usageError } from './sync-cli/local-commands.js';
import { progressPrinter } from './sync-cli/progress-line.js';

logToStderr();
const words = cliTranslator();
const USAGE = words.t('cli:sync.usage');

function parseCommandLine() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (e) {
    // An unknown or malformed option: say which and how to call, instead of a stack trace.
    const wanted = process.argv.includes('--help') || process.argv.includes('-h');
    process.stderr.write(`${wanted ? '' : `${(e as Error).message}\n\n`}${USAGE}\n`);
    process.exit(wanted ? 0 : 2);
  }
}

const OPTIONS = {
  server: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  db: { type: 'string' },
  'page-limit': { type: 'string' },
  'cache-mb': { type: 'string' },
  'refresh-reference': { type: 'boolean' },
  progress: { type: 'boolean' },
  lang: { type: 'string' },
  visit: { type: 'string' },
  status: { type: 'string' },
  comment: { type: 'string' },
  reviewer: { type: 'string' },
  entity: { type: 'string' },
  id: { type: 'string' },
  set: { type: 'string', multiple: true },
  conflict: { type: 'string' },
  keep: { type: 'string' },
  open: { type: 'boolean' },
} as const;

const { values, positionals } = parseCommandLine();

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function finish(result: Result<unknown>): number {
  print(result.ok ? result.value : { error: result.error });
  return result.ok ? 0 : 1;
}

/**
 * This process's peak RSS. On Linux, VmHWM of the current memory image: `getrusage`'s maxRSS would
 * include the parent's size when a large process spawned us (it survives fork + exec).
 */
function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Math.round(Number(hwm) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function runSync(store: LocalStore): Promise<number> {
  if (!values.server || !values.user || !values.password) {
    return finish({ ok: false, error: usageError(words.t('cli:sync.needsCredentials')) });
  }
  const connection = new ServerConnection({
    baseUrl: values.server,
    credentials: { username: values.user, password: values.password },
  });
  // Photos an import queued in this database upload in the sync's photo phase, as in the app. Without
  // any, no pipeline is opened (its sweeps would touch the photo folders for nothing).
  const uploads = store.photoUploads.counts();
  const pipeline =
    uploads.queued + uploads.uploading + uploads.failed > 0
      ? createPhotoPipeline({ store, libraryDir: libraryFolderOf(resolve(values.db ?? '')), connection })
      : undefined;
  const client = createSyncClient({
    connection,
    store,
    ...(pipeline ? { phases: { photos: pipeline.phase } } : {}),
    ...(values['page-limit'] ? { pageLimit: Number(values['page-limit']) } : {}),
  });
  // Each event with what the status bar shows: done of total (photos: files, then bytes), percent, rate, time left.
  if (values.progress) client.engine.progress.subscribe(progressPrinter(words, (line) => process.stderr.write(line)));
  const close = async () => {
    client.close();
    connection.close();
    await pipeline?.sweepsDone;
  };
  // Markers for scripts (the crash loop kills the process a moment after one of them), not messages:
  // never translated. The session is opened before the sync so the summary counts the sync's own requests only.
  process.stderr.write('sync: signing in\n');
  const login = await client.api.login(values.user, values.password);
  if (!login.ok) {
    await close();
    return finish(login);
  }
  process.stderr.write('sync: started\n');
  const summary = await client.engine.sync({ refreshReferenceData: values['refresh-reference'] ?? false });
  await close();
  const { syncId: _syncId, ...rest } = summary;
  const cpu = process.cpuUsage();
  print({ ...rest, loginRequests: 1, peakRssMb: peakRssMb(), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
  return summary.error ? 1 : 0;
}

function runLocal(command: string, store: LocalStore): number {
  switch (command) {
    case 'status':
      print(storeStatus(store));
      return 0;
    case 'conflicts':
      print(store.listConflicts(values.open ? { status: 'open' } : undefined));
      return 0;
    case 'review':
      if (!values.visit || !values.status)
        return finish({ ok: false, error: usageError(words.t('cli:sync.reviewNeeds')) });
      return finish(
        reviewVisit(store, values.visit, values.status, values.comment, values.reviewer ?? 'cli', new Date()),
      );
    case 'resolve': {
      if (!values.conflict || (values.keep !== 'local' && values.keep !== 'server')) {
        return finish({ ok: false, error: usageError(words.t('cli:sync.resolveNeeds')) });
      }
      const conflict = store.listConflicts().find((c) => c.id === values.conflict);
      const choice = Object.fromEntries(
        (conflict?.fields ?? []).map((f) => [f.field, values.keep as 'local' | 'server']),
      );
      return finish(store.resolveConflict(values.conflict, choice));
    }
    default:
      return runEdit(command, store);
  }
}

function runEdit(command: string, store: LocalStore): number {
  const def = resolveEntity(values.entity, words);
  if (!def.ok) return finish(def);
  const fields = parseAssignments(def.value, values.set ?? [], words);
  if (!fields.ok) return finish(fields);
  switch (command) {
    case 'edit':
      if (!values.id) return finish({ ok: false, error: usageError(words.t('cli:sync.needsId', { command })) });
      return finish(store.updateRecord(def.value.name, values.id, fields.value));
    case 'create':
      return finish(store.createRecord(def.value.name, fields.value, values.id));
    case 'delete':
      if (!values.id) return finish({ ok: false, error: usageError(words.t('cli:sync.needsId', { command })) });
      return finish(store.deleteRecord(def.value.name, values.id));
    default:
      return finish({ ok: false, error: usageError(words.t('cli:sync.unknownCommand', { command })) });
  }
}

async function main(): Promise<number> {
  if (!values.db) return finish({ ok: false, error: usageError(words.t('cli:sync.needsDb')) });
  // 16 MB of SQLite page cache: a first sync of the reference deployment costs no more CPU than
  // with the store's 64 MB default, and the client stays well under 250 MB.
  const store = LocalStore.open({ path: values.db, cacheKiB: Number(values['cache-mb'] ?? 16) * 1024 });
  try {
    const command = positionals[0] ?? 'sync';
    return command === 'sync' ? await runSync(store) : runLocal(command, store);
  } finally {
    store.close();
  }
}

process.exitCode = await main();
