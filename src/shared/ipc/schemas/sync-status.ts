import { z } from 'zod';
import { NETWORK_STATES, SYNC_PHASES } from '../../sync-events.js';
import { appErrorSchema } from './common.js';

const count = z.number().int().min(0);

/**
 * The engine's `SyncProgressEvent`, forwarded to the page as is (a type test keeps the two equal).
 * Never goes backwards within one sync.
 */
export const syncProgressSchema = z.object({
  kind: z.literal('sync-progress'),
  syncId: z.number().int(),
  phase: z.enum(SYNC_PHASES),
  /** Downloading everything again after the server answered RESYNC. */
  resync: z.boolean().optional(),
  collection: z.string().optional(),
  done: count,
  /** Absent while unknown (the bar is then indeterminate). */
  total: count.optional(),
  /** Bytes of the photos phase's files acknowledged and in all. */
  bytesDone: count.optional(),
  bytesTotal: count.optional(),
  pulled: count,
  pushed: count,
  requests: count,
  bytesDown: count,
  bytesUp: count,
  elapsedMs: z.number().min(0),
});
export type SyncProgressView = z.infer<typeof syncProgressSchema>;

/** Counts of outbox operations by state. */
export const queueCountsSchema = z.object({
  pending: count,
  inFlight: count,
  failed: count,
  needsAttention: count,
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

/** Everything the status bar shows. */
export const syncStatusSchema = z.object({
  /** Reachability of the server (not only the OS flag). */
  connectivity: z.enum(NETWORK_STATES),
  running: z.boolean(),
  /** The running (or last) sync's progress. */
  progress: syncProgressSchema.nullable(),
  lastSyncedAt: z.string().nullable(),
  /** Why the last sync failed (cleared by the next success). */
  lastError: appErrorSchema.nullable(),
  queue: queueCountsSchema,
  openConflicts: count,
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** What `sync:now` did (the engine's `SyncSummary` without transport figures). */
export const syncSummarySchema = z.object({
  pulled: count,
  pushed: count,
  conflicts: count,
  needsAttention: count,
  pending: count,
  ms: z.number().min(0),
  error: appErrorSchema.optional(),
});
export type SyncSummaryView = z.infer<typeof syncSummarySchema>;
