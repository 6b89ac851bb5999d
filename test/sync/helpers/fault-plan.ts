import type { SyncClient } from '../../../src/main/sync/sync-client.js';
import type { Random } from '../../../src/shared/fixtures/random.js';
import type { SyncSummary } from '../../../src/shared/sync-events.js';
import type { FaultProxy } from '../../support/fault-proxy.js';

export const FAULTS = ['none', 'latency', 'cut', 'reset', 'stall-cancel', 'refuse', 'server-error'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultTargets {
  readonly proxy: FaultProxy;
  /** Makes the server answer the next `n` requests with a 5xx (no-op when the harness cannot). */
  readonly failServer?: (n: number) => void;
  /** How many injected 5xx the server has answered so far. */
  readonly served5xx?: () => number;
}

/** One sync under a fault, and whether the fault really hit it (not just whether it was picked). */
export interface FaultedSync {
  readonly summary: SyncSummary;
  readonly tookEffect: boolean;
}

const WEIGHTS: readonly (readonly [Fault, number])[] = [
  ['none', 4],
  ['latency', 1],
  ['cut', 4],
  ['reset', 2],
  ['stall-cancel', 1],
  ['refuse', 1],
  ['server-error', 1],
];

/** Picks a fault for one sync (weights favour cuts: the fault that splits a response mid-page). */
export function pickFault(rng: Random): Fault {
  return rng.weighted(WEIGHTS);
}

/**
 * Runs one sync of `client` under `fault`, then lifts the fault. Timed faults (reset, cancel) fire
 * after a random delay so they land at different points of the sync.
 */
export async function syncUnderFault(
  client: SyncClient,
  fault: Fault,
  targets: FaultTargets,
  rng: Random,
): Promise<FaultedSync> {
  const { proxy } = targets;
  const before = { ...proxy.stats(), served: targets.served5xx?.() ?? 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  switch (fault) {
    case 'none':
      break;
    case 'latency':
      proxy.set({ latencyMs: rng.int(5, 40) });
      break;
    case 'cut':
      // Syncs of the tiny seed move a few kB: a cut armed further out would rarely fire.
      proxy.cutAfter(rng.int(50, 2_000), rng.pick(['up', 'down', 'both'] as const));
      break;
    case 'reset':
      timer = setTimeout(() => proxy.resetAll(), rng.int(0, 40));
      break;
    case 'stall-cancel':
      // The link goes silent and the officer cancels (the idle timeout itself is tested elsewhere).
      proxy.set({ stall: true });
      timer = setTimeout(() => client.engine.cancel(), rng.int(50, 300));
      break;
    case 'refuse':
      proxy.set({ refuse: true });
      await proxy.ready();
      break;
    case 'server-error':
      targets.failServer?.(rng.int(1, 2));
      break;
  }
  let summary: SyncSummary;
  try {
    summary = await client.engine.sync();
  } finally {
    if (timer) clearTimeout(timer);
    await liftFaults(targets);
  }
  const after = { ...proxy.stats(), served: targets.served5xx?.() ?? 0 };
  const effects: Record<Fault, boolean> = {
    none: false,
    latency: after.bytesDown > before.bytesDown,
    cut: after.cutsFired > before.cutsFired,
    reset: after.resets > before.resets,
    'stall-cancel': summary.error !== undefined,
    refuse: summary.error !== undefined,
    'server-error': after.served > before.served,
  };
  return { summary, tookEffect: effects[fault] };
}

/** Back to a clean link: no latency, no stall, listening, no armed cut, no pending 5xx. */
export async function liftFaults(targets: FaultTargets): Promise<void> {
  targets.proxy.cutAfter(Number.POSITIVE_INFINITY);
  targets.proxy.set({ latencyMs: 0, stall: false, refuse: false });
  targets.failServer?.(0);
  await targets.proxy.ready();
}
