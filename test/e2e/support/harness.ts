import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppCore, createAppCore } from '../../../src/main/app/app-core.js';
import { startDemoServer } from '../../../src/main/app/demo-server.js';
import type { OpenAccount } from '../../../src/main/app/open-account.js';
import { headlessPlatform, type UpdatesPort } from '../../../src/main/app/platform.js';
import { memoryTokenStore } from '../../../src/main/app/token-store.js';
import { createDownloadShelf } from '../../../src/main/ipc/download-shelf.js';
import { pageUrlFor, serveCoreOverWs } from '../../../src/main/ipc/serve-core-over-ws.js';
import type { WsTransport } from '../../../src/main/ipc/ws-transport.js';
import { setLogSink } from '../../../src/main/log.js';
import type { SyncBackoffs } from '../../../src/main/sync/sync-backoffs.js';
import { FsBlobStore } from '../../../src/server/photos/fs-blob-store.js';
import { photoPlugin } from '../../../src/server/photos/photo-plugin.js';
import type { AppEvent, AppEventKind, AppEventOf } from '../../../src/shared/ipc/events.js';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.js';
import { startTestServer, type TestSeed, type TestServer } from '../../support/test-server.js';
import { PREVIEW_URL } from './preview.js';

// The core logs refusals and sync failures on purpose in these tests; keep warnings, drop chatter.
setLogSink((level, scope, message) => {
  if (level === 'error') console.error(`[${scope}] ${message}`);
});

export interface HarnessOptions {
  readonly seed?: TestSeed;
  /** Put the fault proxy between the app and the server (to slow the link or cut it). */
  readonly proxy?: boolean;
  /** Offer Demo mode (the in-process reference server, `tiny` deployment). */
  readonly demo?: boolean;
  /** Records per sync response. */
  readonly pageLimit?: number;
  /** The app's re-probe (1–8 s) and re-sync (1 s doubling to 5 min) schedules, when a test needs them longer. */
  readonly backoffs?: SyncBackoffs;
  /**
   * The location record names this folder as where the officer moved the data (as main's
   * `data-location.json` does); the default folder is `dataDir`. Recovery rewrites the record.
   */
  readonly movedTo?: string;
  /** The shell's updater (the installed app has one; the browser shell answers `unsupported` without). */
  readonly updates?: UpdatesPort;
}

/** One test's world: a reference server, the real app core in its own data dir, served over the WebSocket. */
export interface Harness {
  readonly server: TestServer;
  readonly proxy: FaultProxy | undefined;
  readonly core: AppCore;
  readonly dataDir: string;
  /** The address the app signs in to (the proxy when there is one). */
  readonly serverUrl: string;
  /** Opens the renderer connected to this core, at a screen. */
  pageUrl(hash?: string): string;
  /** The next event of a kind from now on (a readiness event, instead of sleeping). */
  next<K extends AppEventKind>(kind: K, test?: (e: AppEventOf<K>) => boolean): Promise<AppEventOf<K>>;
  /** What the next folder dialog answers (`null`: cancelled, the default). */
  answerFolderDialog(folder: string | null): void;
  /** The signed-in account (store, sync client). */
  account(): OpenAccount;
  /** Signs in as `demo` through the core and waits for the first sync. */
  signIn(user?: 'demo' | 'district'): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // The photo API is mounted like in production (data-folder blob store), for the import screen.
  const blobs = new FsBlobStore(mkdtempSync(join(tmpdir(), 'fieldsync-e2e-blobs-')));
  const server = await startTestServer({ seed: options.seed ?? 'tiny', plugins: [photoPlugin(blobs)] });
  const proxy = options.proxy ? await startFaultProxy({ target: { host: '127.0.0.1', port: server.port } }) : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldsync-e2e-'));
  let folderAnswer: string | null = null;
  // Exports reach the page as browser downloads, as in `npm run dev:web`.
  const downloads = createDownloadShelf();
  let location = { folder: options.movedTo ?? dataDir, defaultFolder: dataDir, problem: null };
  const core = await createAppCore({
    dataDir,
    readLocation: () => location,
    platform: {
      ...headlessPlatform({
        appVersion: '0.1.0-e2e',
        exportDir: dataDir,
        chooseFolder: async () => folderAnswer,
        downloads,
      }),
      setDataFolder: (folder) => {
        location = { ...location, folder };
      },
      ...(options.updates ? { updates: options.updates } : {}),
    },
    tokens: memoryTokenStore('The test server keeps sign-ins in memory, so restarting it signs you out.'),
    syncAfterEditMs: 200,
    ...(options.demo ? { demo: (dir: string) => startDemoServer(dir, { profile: 'tiny' }) } : {}),
    ...(options.pageLimit ? { pageLimit: options.pageLimit } : {}),
    ...(options.backoffs ? { backoffs: options.backoffs } : {}),
  });
  const transport: WsTransport = await serveCoreOverWs(core, {
    allowedOrigins: [new URL(PREVIEW_URL).origin],
    downloads,
  });
  const waiters = new Set<(e: AppEvent) => void>();
  core.subscribe((e) => {
    for (const waiter of waiters) waiter(e);
  });
  const next: Harness['next'] = (kind, test) =>
    new Promise((resolve) => {
      const waiter = (e: AppEvent) => {
        if (e.kind !== kind || (test && !test(e as AppEventOf<typeof kind>))) return;
        waiters.delete(waiter);
        resolve(e as AppEventOf<typeof kind>);
      };
      waiters.add(waiter);
    });
  const serverUrl = proxy?.url ?? server.url;
  const account = () => {
    const open = core.session.account();
    if (!open.ok) throw new Error('not signed in');
    return open.value;
  };
  return {
    server,
    proxy,
    core,
    dataDir,
    serverUrl,
    pageUrl: (hash = '#/schools') => pageUrlFor(PREVIEW_URL, transport, hash),
    next,
    answerFolderDialog: (folder) => {
      folderAnswer = folder;
    },
    account,
    async signIn(user = 'demo') {
      if (core.session.state().signedIn) return;
      const synced = next('sync:finished');
      const result = await core.handlers['session:signIn']({ serverUrl, username: user, password: user });
      if (!result.ok) throw new Error(result.error.message);
      const { summary } = await synced;
      if (summary.error) throw new Error(summary.error.message);
    },
    async close() {
      await transport.close();
      await core.close();
      await proxy?.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
