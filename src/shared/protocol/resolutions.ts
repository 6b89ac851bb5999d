import { z } from 'zod';
import type { AppError } from '../errors.js';

/**
 * How a concurrent edit was met: `merged` (disjoint fields), `last_write_wins` (overlapping fields took
 * the local edit), `held` (manual fields waited for a person), `remote_delete` (deleted on the server
 * while edited here). Declared once: the local store's conflicts table and the server's history use it.
 */
export const CONFLICT_KINDS = ['merged', 'last_write_wins', 'held', 'remote_delete'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** What a person kept of one field: this computer's edit, the server's version, or a value they typed. */
export const RESOLUTION_CHOICES = ['local', 'server', 'value'] as const;
export type ResolutionChoice = (typeof RESOLUTION_CHOICES)[number];

/**
 * One conflict resolved by a person, as the device sends it to the server with the sync that follows
 * (`SyncRequest.resolutions`): who, when and which side each field kept. `id` is the conflict's id on
 * the device and the idempotency key: the server stores an id once, so a request retried after a lost
 * answer never stores it twice. The server records who sent it (the signed-in user) on its own.
 */
export interface ConflictResolutionRecord {
  readonly id: string;
  /** Entity type name, e.g. `schoolVisit`. */
  readonly entity: string;
  readonly recordId: string;
  readonly kind: ConflictKind;
  /** Per field the person decided, the side kept. */
  readonly choices: Readonly<Record<string, ResolutionChoice>>;
  /** The name the device showed for who resolved it (the officer signed in there). */
  readonly resolvedBy: string | null;
  /** When the device met the collision, and when the person resolved it (ISO 8601, the device's clock). */
  readonly detectedAt: string;
  readonly resolvedAt: string;
  /** The version the local edit started from (`null`: created on the device), and the server's at the collision. */
  readonly baseVersion: number | null;
  readonly serverVersion: number;
  /** The pushed edit that carries the result (`null` when the record needed no change). */
  readonly opId: string | null;
}

/** At most this many resolutions travel in one sync request; the rest go with the next. */
export const MAX_RESOLUTIONS_PER_REQUEST = 100;

const fieldName = z.string().min(1).max(64);

export const conflictResolutionSchema = z.strictObject({
  id: z.uuid(),
  entity: z.string().min(1).max(64),
  recordId: z.uuid(),
  kind: z.enum(CONFLICT_KINDS),
  choices: z
    .record(fieldName, z.enum(RESOLUTION_CHOICES))
    .refine((choices) => Object.keys(choices).length > 0, 'at least one field must be chosen')
    .refine((choices) => Object.keys(choices).length <= 200, 'at most 200 fields'),
  resolvedBy: z.string().max(200).nullable(),
  detectedAt: z.iso.datetime({ offset: true }),
  resolvedAt: z.iso.datetime({ offset: true }),
  baseVersion: z.number().int().positive().nullable(),
  serverVersion: z.number().int().positive(),
  opId: z.uuid().nullable(),
}) satisfies z.ZodType<ConflictResolutionRecord>;

/**
 * The server's answer to one sent resolution: `stored`, `duplicate` (this id was stored before: a
 * retried request), or `rejected` (the record is not one the user may see; the device stops sending it).
 */
export type ResolutionResult =
  | { readonly id: string; readonly status: 'stored' | 'duplicate' }
  | { readonly id: string; readonly status: 'rejected'; readonly error: AppError };

export const resolutionResultSchema = z.discriminatedUnion('status', [
  z.object({ id: z.uuid(), status: z.enum(['stored', 'duplicate']) }),
  z.object({
    id: z.uuid(),
    status: z.literal('rejected'),
    error: z.looseObject({ code: z.string(), message: z.string() }),
  }),
]);

/** One stored resolution as an administrator reads it (`GET /api/admin/conflict-resolutions`). */
export interface StoredResolution extends ConflictResolutionRecord {
  /** The account that sent it (signed in on the device), and when the server received it. */
  readonly userId: string;
  readonly username: string;
  readonly receivedAt: string;
}
