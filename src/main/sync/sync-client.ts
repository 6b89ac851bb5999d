import type { BackoffOptions } from '../../shared/backoff.js';
import { entityGraph } from '../../shared/entity-graph.js';
import type { Logger } from '../log.js';
import type { Clock, Timers } from './clock.js';
import type { SyncProgress } from './progress.js';
import { NetworkService } from './reachability.js';
import { ReferenceCache } from './reference-cache.js';
import { ServerApi } from './server-api.js';
import { ServerConnection, type ServerConnectionOptions } from './server-connection.js';
import { type SyncPhaseRunner, SyncService } from './sync-engine.js';
import { SyncScheduler } from './sync-scheduler.js';
import type { SyncStore } from './sync-store.js';

interface SyncParts {
  readonly store: SyncStore;
  readonly phases?: { readonly photos?: SyncPhaseRunner };
  /** Gap between automatic syncs (default 5 minutes). */
  readonly intervalMs?: number;
  readonly pageLimit?: number;
  /** The progress stream (tests give one without a throttle; default: 100 ms between events). */
  readonly progress?: SyncProgress;
  /** TTL of reference data (default 6 h, see `ReferenceCache`); 0 asks about every collection each sync. */
  readonly referenceTtlMs?: number;
  /** Re-probe schedule while the server is unreachable. */
  readonly probeBackoff?: BackoffOptions;
  /** Re-sync schedule after a failed sync (default: the scheduler's 1–2 s doubling to 5 min). */
  readonly retryBackoff?: BackoffOptions;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Where the engine, reachability and the scheduler log (default: scope `sync`). */
  readonly logger?: Logger;
  /** When the earliest operation backing off may be sent again (see `SyncScheduler`). */
  readonly nextRetryAt?: () => number | null;
}

/**
 * The store and schedule to sync, and the server: a connection shared with the photo uploads (the app),
 * or the options of one the client makes and closes itself (the CLIs, tests).
 */
export type SyncClientOptions = SyncParts & ({ readonly connection: ServerConnection } | ServerConnectionOptions);

/** The sync services wired together, as the app and the CLI use them. */
export interface SyncClient {
  readonly connection: ServerConnection;
  readonly api: ServerApi;
  readonly engine: SyncService;
  readonly network: NetworkService;
  readonly scheduler: SyncScheduler;
  /** Stops automatic syncs, cancels a running one and closes connections it opened. */
  close(): void;
}

/**
 * Wires the HTTP client, the engine, reachability and the scheduler: every request's outcome on the
 * connection (photo uploads' too) feeds reachability, reconnecting triggers a sync. Call
 * `network.start()` and `scheduler.start()` for automatic syncs; `engine.sync()` alone is a one-shot
 * sync (the CLI).
 */
export function createSyncClient(options: SyncClientOptions): SyncClient {
  const {
    store,
    phases,
    intervalMs,
    pageLimit,
    progress,
    referenceTtlMs,
    probeBackoff,
    retryBackoff,
    clock,
    timers,
    logger,
    nextRetryAt,
  } = options;
  const owned = !('connection' in options);
  const connection = 'connection' in options ? options.connection : new ServerConnection(options);
  const api = new ServerApi(connection);
  const network = new NetworkService({
    probe: () => api.health({ idleTimeoutMs: 5_000 }),
    ...(probeBackoff ? { backoff: probeBackoff } : {}),
    ...(clock ? { clock } : {}),
    ...(timers ? { timers } : {}),
    ...(logger ? { logger } : {}),
  });
  const unsubscribe = connection.subscribe((outcome) => network.report(outcome));
  const cache = new ReferenceCache({
    graph: entityGraph,
    ...(referenceTtlMs === undefined ? {} : { ttlMs: referenceTtlMs }),
  });
  const engine = new SyncService({
    store,
    api,
    cache,
    ...(phases ? { phases } : {}),
    ...(pageLimit ? { pageLimit } : {}),
    ...(progress ? { progress } : {}),
    ...(clock ? { clock } : {}),
    ...(logger ? { logger } : {}),
  });
  const scheduler = new SyncScheduler({
    network,
    sync: (syncOptions) => engine.sync(syncOptions),
    ...(nextRetryAt ? { nextRetryAt } : {}),
    ...(retryBackoff ? { backoff: retryBackoff } : {}),
    ...(intervalMs ? { intervalMs } : {}),
    ...(clock ? { clock } : {}),
    ...(timers ? { timers } : {}),
    ...(logger ? { logger } : {}),
  });
  return {
    connection,
    api,
    engine,
    network,
    scheduler,
    close: () => {
      scheduler.stop();
      network.stop();
      unsubscribe();
      engine.cancel();
      if (owned) connection.close();
    },
  };
}
