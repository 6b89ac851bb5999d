import { z } from 'zod';
import { appErrorSchema, pageArgs, pageSchema } from './common.js';
import { queueCountsSchema } from './sync-status.js';

/** Outbox states; equal to the store's `OUTBOX_STATES` (checked by a test, the renderer cannot import drizzle). */
export const QUEUE_STATES = ['pending', 'in_flight', 'failed', 'needs_attention'] as const;

export const queueItemSchema = z.object({
  opId: z.string(),
  seq: z.number().int(),
  entity: z.string(),
  /** What an officer calls the record's type, e.g. "School visit". */
  entityLabel: z.string(),
  recordId: z.string(),
  /** The record's title, when it still exists locally. */
  recordTitle: z.string().nullable(),
  kind: z.enum(['upsert', 'delete']),
  changes: z.record(z.string(), z.unknown()).nullable(),
  baseVersion: z.number().int().nullable(),
  state: z.enum(QUEUE_STATES),
  attempts: z.number().int().min(0),
  lastError: appErrorSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queueListArgsSchema = z.strictObject({
  states: z.array(z.enum(QUEUE_STATES)).min(1).optional(),
  ...pageArgs,
});

export const queueListSchema = pageSchema(queueItemSchema).extend({ counts: queueCountsSchema });

export const opArgsSchema = z.strictObject({ opId: z.uuid() });

/** What discarding an operation threw away, so the officer can be told. */
export const discardResultSchema = z.object({
  opId: z.string(),
  lost: z.record(z.string(), z.unknown()).nullable(),
});
