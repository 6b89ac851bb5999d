import { z } from 'zod';

/**
 * A record as it travels between server and client: flat, seed-compatible
 * (`{ id, name, emisCode, … }`) plus server-assigned sync metadata. A tombstone carries only
 * `id`, `version`, `updatedAt` and `deleted: true`.
 */
export interface WireRecord {
  readonly id: string;
  /** Server version, starting at 1 and incremented by every accepted write. */
  readonly version: number;
  /** Server clock at the write; informational (ordering uses cursors and versions, never clocks). */
  readonly updatedAt: string;
  readonly deleted: boolean;
  readonly [field: string]: unknown;
}

/** Structural check of a wire record; field values are validated against the entity declaration. */
export const wireRecordSchema = z.looseObject({
  id: z.uuid(),
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime({ offset: true }),
  deleted: z.boolean(),
});

/** Metadata keys of a wire record that are not declared fields. */
export const WIRE_META_KEYS = ['id', 'version', 'updatedAt', 'deleted'] as const;

/** The declared fields of a wire record (drops sync metadata). */
export function wireFields(record: WireRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!(WIRE_META_KEYS as readonly string[]).includes(key)) fields[key] = value;
  }
  return fields;
}

/** An opaque, server-assigned position in a collection's change feed. */
export type Cursor = string;

/** `GET /api/<collection>?updatedAfter=<cursor | ISO time>&limit=<n>` */
export interface CollectionPage {
  readonly items: readonly WireRecord[];
  /** Pass back as `updatedAfter` for the next page or the next sync. */
  readonly nextCursor: Cursor;
  readonly hasMore: boolean;
}

export const collectionPageSchema = z.object({
  items: z.array(wireRecordSchema),
  nextCursor: z.string().min(1),
  hasMore: z.boolean(),
});
