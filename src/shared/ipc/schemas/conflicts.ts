import { z } from 'zod';

export const conflictViewSchema = z.object({
  id: z.string(),
  entity: z.string(),
  entityLabel: z.string(),
  recordId: z.string(),
  recordTitle: z.string().nullable(),
  /** `held`: waiting for the officer; `merged` / `last_write_wins`: resolved automatically, can be overridden. */
  kind: z.enum(['merged', 'last_write_wins', 'held']),
  status: z.enum(['open', 'resolved']),
  /** Fields both sides changed. */
  fields: z.array(z.string()),
  base: z.record(z.string(), z.unknown()).nullable(),
  local: z.record(z.string(), z.unknown()),
  server: z.record(z.string(), z.unknown()),
  baseVersion: z.number().int().nullable(),
  serverVersion: z.number().int(),
  resolved: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type ConflictView = z.infer<typeof conflictViewSchema>;

export const conflictListArgsSchema = z.strictObject({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
});

export const fieldChoiceSchema = z.union([
  z.literal('local'),
  z.literal('server'),
  z.strictObject({ value: z.unknown() }),
]);
export type FieldChoice = z.infer<typeof fieldChoiceSchema>;

export const resolveArgsSchema = z.strictObject({
  id: z.uuid(),
  /** Per changed field: keep mine, keep theirs, or a typed value. */
  choices: z.record(z.string().min(1).max(64), fieldChoiceSchema),
});
