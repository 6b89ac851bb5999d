import { z } from 'zod';
import { CONFLICT_KINDS, RESOLUTION_CHOICES } from '../../protocol/resolutions.js';

export { CONFLICT_KINDS };

const values = z.record(z.string(), z.unknown());

/** The store's `ConflictView`, as the override screen shows it (a type test keeps the two equal). */
export const conflictViewSchema = z.object({
  id: z.string(),
  entity: z.string(),
  entityLabel: z.string(),
  recordId: z.string(),
  recordTitle: z.string(),
  /**
   * `held`: waiting for the officer; `merged` / `last_write_wins`: resolved automatically, can be
   * overridden; `remote_delete`: deleted on the server while edited here.
   */
  kind: z.enum(CONFLICT_KINDS),
  status: z.enum(['open', 'resolved']),
  /** The fields both sides changed, side by side. */
  fields: z.array(
    z.object({
      field: z.string(),
      base: z.unknown(),
      local: z.unknown(),
      server: z.unknown(),
      resolved: z.unknown(),
    }),
  ),
  localDeleted: z.boolean(),
  serverDeleted: z.boolean(),
  base: values.nullable(),
  local: values,
  server: values,
  resolved: values.nullable(),
  baseVersion: z.number().int().nullable(),
  serverVersion: z.number().int(),
  /** Fields decided automatically and the side that won each; the other `fields` were held. */
  auto: z.record(z.string(), z.enum(['local', 'server'])),
  /** The officer who resolved it by hand; `null` while open or when resolved automatically. */
  resolvedBy: z.string().nullable(),
  /** The side (or a typed value) the officer kept per field, when resolved by hand. */
  choices: z.record(z.string(), z.enum(RESOLUTION_CHOICES)).nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type ConflictView = z.infer<typeof conflictViewSchema>;

export const conflictListArgsSchema = z.strictObject({
  status: z.enum(['open', 'resolved']).default('open'),
});

export const fieldChoiceSchema = z.union([
  z.literal('local'),
  z.literal('server'),
  z.strictObject({ value: z.unknown() }),
]);
export type FieldChoice = z.infer<typeof fieldChoiceSchema>;

export const resolveArgsSchema = z.strictObject({
  id: z.uuid(),
  /** Per field: keep mine, keep theirs, or a typed value. Fields not named keep what the record has now. */
  choices: z.record(z.string().min(1).max(64), fieldChoiceSchema),
});
