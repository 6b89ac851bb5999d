import { z } from 'zod';
import { appErrorSchema, pageArgs, pageSchema } from './common.js';
import { queueCountsSchema } from './sync-status.js';

/** Outbox states; equal to the store's `OUTBOX_STATES` (checked by a test, the renderer cannot import drizzle). */
export const QUEUE_STATES = ['pending', 'in_flight', 'failed', 'needs_attention'] as const;

const values = z.record(z.string(), z.unknown());

/** The store's `OutboxEntryView`, plus the local values an officer would lose by discarding it. */
export const queueItemSchema = z.object({
  opId: z.string(),
  seq: z.number().int(),
  entity: z.string(),
  /** What an officer calls the record's type, e.g. "School visit". */
  entityLabel: z.string(),
  recordId: z.string(),
  recordTitle: z.string(),
  /** `create`: the record is not on the server yet. */
  kind: z.enum(['create', 'update', 'delete']),
  /** Names of the fields the operation carries. */
  fields: z.array(z.string()),
  /** The record's current local values of those fields (what discarding would throw away). */
  values: values.nullable(),
  state: z.enum(QUEUE_STATES),
  attempts: z.number().int().min(0),
  lastError: appErrorSchema.nullable(),
  nextAttemptAt: z.string().nullable(),
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

/** The store's `DiscardResult`: the record first, then any local-only descendants removed with it. */
export const discardResultSchema = z.object({
  lost: z.array(
    z.object({
      entity: z.string(),
      id: z.string(),
      title: z.string(),
      change: z.enum(['created', 'changed', 'deleted']),
      values,
      opIds: z.array(z.string()),
    }),
  ),
});
