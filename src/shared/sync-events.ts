/**
 * Events and summaries the sync engine publishes. The renderer imports these types (through the IPC
 * contract), so this file has no Node types and no runtime dependencies beyond shared code.
 */
import type { AppError } from './errors.js';

/** Phases of one sync, in the order they run; `idle` closes every sync. */
export const SYNC_PHASES = ['pull', 'push', 'photos', 'idle'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

/**
 * One progress event of a running sync. Within a sync (`syncId`) nothing goes backwards: the phase
 * only moves forward in `SYNC_PHASES` order and every counter only grows.
 */
export interface SyncProgressEvent {
  readonly kind: 'sync-progress';
  /** Increments with every sync the engine starts. */
  readonly syncId: number;
  readonly phase: SyncPhase;
  /**
   * This sync is downloading everything again: the server answered RESYNC (its data was restored or
   * reset, or this copy was away longer than the server keeps deletions). Unsent edits are kept.
   */
  readonly resync?: boolean;
  /** The collection the last applied page ended with (pull), when known. */
  readonly collection?: string;
  /** Units done in this phase: records pulled, operations pushed, photos uploaded. */
  readonly done: number;
  /** Units expected in this phase, when known (the server does not announce pull totals). */
  readonly total?: number;
  /** Bytes of this phase's files done and in all, when the phase counts them (photos). */
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
  /** Records applied from the server in this sync. */
  readonly pulled: number;
  /** Local operations the server acknowledged in this sync. */
  readonly pushed: number;
  readonly requests: number;
  /** Bytes on the wire (compressed, headers included). */
  readonly bytesDown: number;
  readonly bytesUp: number;
  readonly elapsedMs: number;
}

/** What one sync did; `error` is set when it stopped early (what was committed stays committed). */
export interface SyncSummary {
  readonly syncId: number;
  /** Server records applied locally (inserts, updates and tombstones). */
  readonly pulled: number;
  /** Local operations acknowledged by the server (applied or duplicate). */
  readonly pushed: number;
  /** Concurrent edits met in this sync (merged, resolved last-write-wins, or held for the officer). */
  readonly conflicts: number;
  /** Outbox operations waiting for the officer after this sync. */
  readonly needsAttention: number;
  /** Outbox operations still waiting to be sent after this sync. */
  readonly pending: number;
  readonly requests: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly ms: number;
  readonly error?: AppError;
}

/** Reachability of the sync server (not just the OS network flag). */
export const NETWORK_STATES = ['unknown', 'online', 'offline'] as const;
export type NetworkState = (typeof NETWORK_STATES)[number];

export interface NetworkStatusEvent {
  readonly kind: 'network-status';
  readonly state: NetworkState;
  /** Epoch ms of the last change. */
  readonly since: number;
  /** Why the server was last found unreachable. */
  readonly lastError?: AppError;
}
