import { z } from 'zod';
import type { AppError } from '../errors.js';
import { type ColumnarChanges, columnarChangesSchema, SYNC_FORMATS, type SyncFormat } from './columns.js';
import { type Cursor, type WireRecord, wireRecordSchema } from './records.js';
import {
  type ConflictResolutionRecord,
  conflictResolutionSchema,
  MAX_RESOLUTIONS_PER_REQUEST,
  type ResolutionResult,
  resolutionResultSchema,
} from './resolutions.js';

/**
 * One pushed operation. `opId` is a client-generated UUID and the idempotency key: the server
 * applies an opId at most once and answers a repeat with the first result (`duplicate`).
 */
export type PushOp = {
  readonly opId: string;
  /** Entity type name, e.g. `schoolVisit`. */
  readonly entity: string;
  readonly id: string;
  /** The server version the edit started from; `null` for a record created on this client. */
  readonly baseVersion: number | null;
} & (
  | { readonly changes: Readonly<Record<string, unknown>>; readonly delete?: undefined }
  | { readonly delete: true; readonly changes?: undefined }
);

export const pushOpSchema = z.union([
  z.strictObject({
    opId: z.uuid(),
    entity: z.string().min(1).max(64),
    id: z.uuid(),
    baseVersion: z.number().int().positive().nullable(),
    changes: z.record(z.string(), z.unknown()),
  }),
  z.strictObject({
    opId: z.uuid(),
    entity: z.string().min(1).max(64),
    id: z.uuid(),
    baseVersion: z.number().int().positive().nullable(),
    delete: z.literal(true),
  }),
]);

/** The server's answer to one pushed operation. */
export type OpResult =
  | {
      readonly opId: string;
      /** `duplicate`: this opId was applied before; the original outcome is repeated. */
      readonly status: 'applied' | 'duplicate';
      readonly entity: string;
      readonly id: string;
      readonly version: number;
      readonly updatedAt: string;
    }
  | {
      readonly opId: string;
      readonly status: 'conflict';
      readonly entity: string;
      readonly id: string;
      /** The version the client's edit started from. */
      readonly baseVersion: number | null;
      /** The server's current record (a tombstone when it was deleted). */
      readonly server: WireRecord;
    }
  | {
      readonly opId: string;
      readonly status: 'rejected';
      readonly entity: string;
      readonly id: string;
      readonly error: AppError;
    };

const appErrorSchema = z.looseObject({ code: z.string(), message: z.string() });

export const opResultSchema = z.discriminatedUnion('status', [
  z.object({
    opId: z.uuid(),
    status: z.enum(['applied', 'duplicate']),
    entity: z.string(),
    id: z.uuid(),
    version: z.number().int().positive(),
    updatedAt: z.string(),
  }),
  z.object({
    opId: z.uuid(),
    status: z.literal('conflict'),
    entity: z.string(),
    id: z.uuid(),
    baseVersion: z.number().int().nullable(),
    server: wireRecordSchema,
  }),
  z.object({ opId: z.uuid(), status: z.literal('rejected'), entity: z.string(), id: z.uuid(), error: appErrorSchema }),
]);

/** `POST /api/sync`: push a batch and pull every collection's changes in one request. */
export interface SyncRequest {
  /** Per collection, the cursor from the last sync; absent or `null` pulls from the beginning. */
  readonly cursors: Readonly<Record<string, Cursor | null>>;
  readonly push?: readonly PushOp[];
  /** Identifies the client so its own accepted writes are not sent back as remote changes. */
  readonly clientId?: string;
  /** Upper bound on records in the response (the server applies its own cap too). */
  readonly limit?: number;
  /** How `changes` carries records: `records` (default, objects) or `columns` (`ColumnarChanges`). */
  readonly format?: SyncFormat;
  /**
   * Read only these collections (default: every one). A client that trusts its cached reference data
   * leaves those collections out; the response then has changes and cursors for these only.
   */
  readonly collections?: readonly string[];
  /**
   * Count what waits: the response then carries `totals` (the first request of a sync asks, so the
   * client can show "of N" and time left; later pages do not pay for the count).
   */
  readonly totals?: boolean;
  /**
   * Conflicts a person resolved on this device since they were last sent: the server keeps them as the
   * record's resolution history, once per id (see `ConflictResolutionRecord`).
   */
  readonly resolutions?: readonly ConflictResolutionRecord[];
}

export interface SyncResponse<Changes = RecordChanges> {
  /** One result per pushed operation, in request order. */
  readonly results: readonly OpResult[];
  /** Changes per collection, parents before children. Collections without changes are omitted. */
  readonly changes: readonly Changes[];
  /** The new cursor of every requested collection. */
  readonly cursors: Readonly<Record<string, Cursor>>;
  /** More changes are waiting: call again with the new cursors. */
  readonly hasMore: boolean;
  readonly serverTime: string;
  /**
   * Asked with `totals: true`: per requested collection with changes, how many wait after the request's
   * cursors (this response's included), counted in the snapshot the response is read from, with the
   * pages' scope and own-writes filters. Exact up to a million per collection, at least that beyond.
   * Absent when not asked or nothing waits (an up-to-date client's sync stays as small as before).
   */
  readonly totals?: Readonly<Record<string, number>>;
  /** One result per sent resolution, in request order; absent when the request carried none. */
  readonly resolutionResults?: readonly ResolutionResult[];
  /**
   * The user's districts changed since the device's cursors: per collection, ids of records it may no
   * longer see, to let go of (with what depends on them) before applying `changes`. Absent when none.
   */
  readonly removals?: readonly ScopeRemovals[];
}

/** Records of one collection a device must let go of: they left the user's districts. */
export interface ScopeRemovals {
  readonly collection: string;
  readonly ids: readonly string[];
}

/** One collection's changes as record objects (the default `records` format). */
export interface RecordChanges {
  readonly collection: string;
  readonly items: readonly WireRecord[];
}

/** A sync response asked for with `format: "columns"`. */
export type ColumnarSyncResponse = SyncResponse<ColumnarChanges>;

export const MAX_PUSH_BATCH = 500;

export const syncRequestSchema = z.strictObject({
  cursors: z.record(z.string(), z.string().min(1).max(200).nullable()),
  push: z.array(pushOpSchema).max(MAX_PUSH_BATCH).optional(),
  clientId: z.uuid().optional(),
  limit: z.number().int().positive().max(50_000).optional(),
  format: z.enum(SYNC_FORMATS).optional(),
  collections: z.array(z.string().min(1).max(64)).max(200).optional(),
  totals: z.boolean().optional(),
  resolutions: z.array(conflictResolutionSchema).max(MAX_RESOLUTIONS_PER_REQUEST).optional(),
});

export const syncResponseSchema = z.object({
  results: z.array(opResultSchema),
  changes: z.array(
    z.union([z.object({ collection: z.string(), items: z.array(wireRecordSchema) }), columnarChangesSchema]),
  ),
  cursors: z.record(z.string(), z.string()),
  hasMore: z.boolean(),
  serverTime: z.string(),
  totals: z.record(z.string(), z.number().int().min(0)).optional(),
  resolutionResults: z.array(resolutionResultSchema).optional(),
  removals: z.array(z.object({ collection: z.string(), ids: z.array(z.uuid()) })).optional(),
});
