import type { BackoffOptions } from '../../shared/backoff.js';
import { entityGraph } from '../../shared/entity-graph.js';
import type { Logger } from '../log.js';
import type { Clock, Timers } from './clock.js';
import { NetworkService } from './reachability.js';
import { ReferenceCache } from './reference-cache.js';
import { ServerApi, type ServerApiOptions } from './server-api.js';
import { type SyncPhaseRunner, SyncService } from './sync-engine.js';
import { SyncScheduler } from './sync-scheduler.js';
import type { SyncStore } from './sync-store.js';

export interface SyncClientOptions extends Omit<ServerApiOptions, 'onOutcome'> {
  readonly store: SyncStore;
  readonly phases?: { readonly photos?: SyncPhaseRunner };
  /** Gap between automatic syncs (default 5 minutes). */
  readonly intervalMs?: number;
  readonly pageLimit?: number;
  /** TTL of reference data (default 6 h, see `ReferenceCache`); 0 asks about every collection each sync. */
  readonly referenceTtlMs?: number;
  /** Re-probe schedule while the server is unreachable. */
  readonly probeBackoff?: BackoffOptions;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Where the engine, reachability and the scheduler log (default: scope `sync`). */
  readonly logger?: Logger;
}

/** The sync services wired together, as the app and the CLI use them. */
export interface SyncClient {
  readonly api: ServerApi;
  readonly engine: SyncService;
  readonly network: NetworkService;
  readonly scheduler: SyncScheduler;
  /** Stops automatic syncs, cancels a running one and closes connections. */
  close(): void;
}

/**
 * Wires the HTTP client, the engine, reachability and the scheduler: every request's outcome feeds
 * reachability, reconnecting triggers a sync. Call `network.start()` and `scheduler.start()` for
 * automatic syncs; `engine.sync()` alone is a one-shot sync (the CLI).
 */
export function createSyncClient(options: SyncClientOptions): SyncClient {
  const { store, phases, intervalMs, pageLimit, referenceTtlMs, probeBackoff, clock, timers, logger, ...apiOptions } =
    options;
  let network: NetworkService | undefined;
  const api = new ServerApi({ ...apiOptions, onOutcome: (outcome) => network?.report(outcome) });
  network = new NetworkService({
    probe: () => api.health({ idleTimeoutMs: 5_000 }),
    ...(probeBackoff ? { backoff: probeBackoff } : {}),
    ...(clock ? { clock } : {}),
    ...(timers ? { timers } : {}),
    ...(logger ? { logger } : {}),
  });
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
    ...(clock ? { clock } : {}),
    ...(logger ? { logger } : {}),
  });
  const scheduler = new SyncScheduler({
    network,
    sync: (syncOptions) => engine.sync(syncOptions),
    ...(intervalMs ? { intervalMs } : {}),
    ...(clock ? { clock } : {}),
    ...(timers ? { timers } : {}),
    ...(logger ? { logger } : {}),
  });
  return {
    api,
    engine,
    network,
    scheduler,
    close: () => {
      scheduler.stop();
      network?.stop();
      engine.cancel();
      api.close();
    },
  };
}
