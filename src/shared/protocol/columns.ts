import { z } from 'zod';
import type { Result } from '../errors.js';
import { WIRE_META_KEYS, type WireRecord } from './records.js';

/**
 * The compact form of one collection's changes in a sync response (`format: "columns"`): one array
 * per wire key instead of one object per record. Key names are sent once per page instead of once
 * per record, and each column is a homogeneous run (random ids apart from repeating parent ids and
 * timestamps), which compresses far better: the reference deployment's first sync moves about 18 %
 * fewer bytes than with record objects (br and gzip alike). Row `i` of every column is record `i`,
 * in feed order; a tombstone has `deleted: true` and `null` in every field column.
 */
export interface ColumnarChanges {
  readonly collection: string;
  readonly count: number;
  /** `id`, `version`, `updatedAt`, `deleted`, then the entity's declared fields; each `count` long. */
  readonly columns: Readonly<Record<string, readonly unknown[]>>;
}

/** How a sync response carries records: objects (the seed's shape, the default) or columns. */
export const SYNC_FORMATS = ['records', 'columns'] as const;
export type SyncFormat = (typeof SYNC_FORMATS)[number];

export const columnarChangesSchema = z.object({
  collection: z.string(),
  count: z.number().int().nonnegative(),
  columns: z.record(z.string(), z.array(z.unknown())),
});

/**
 * The records of a columnar page, shaped exactly as the record format would have sent them (so the
 * store checks and applies one shape). Column lengths and the metadata columns are checked here;
 * values are the store's to check against the entity declaration, as for record objects.
 */
export function recordsFromColumns(changes: ColumnarChanges): Result<WireRecord[], string> {
  const { collection, count, columns } = changes;
  for (const key of WIRE_META_KEYS) {
    if (!columns[key]) return { ok: false, error: `${collection}: column "${key}" is missing` };
  }
  const keys = Object.keys(columns);
  for (const key of keys) {
    const length = columns[key]?.length;
    if (length !== count)
      return { ok: false, error: `${collection}: column "${key}" has ${length} values, not ${count}` };
  }
  const fieldKeys = keys.filter((key) => !(WIRE_META_KEYS as readonly string[]).includes(key));
  const ids = columns.id as readonly unknown[];
  const versions = columns.version as readonly unknown[];
  const times = columns.updatedAt as readonly unknown[];
  const deleted = columns.deleted as readonly unknown[];
  const fieldColumns = fieldKeys.map((key) => columns[key] as readonly unknown[]);
  const records = new Array<WireRecord>(count);
  for (let i = 0; i < count; i++) {
    const record: Record<string, unknown> = {
      id: ids[i],
      version: versions[i],
      updatedAt: times[i],
      deleted: deleted[i],
    };
    // A tombstone is only its metadata, as in the record format.
    if (deleted[i] !== true) {
      for (let k = 0; k < fieldKeys.length; k++) record[fieldKeys[k] as string] = (fieldColumns[k] as unknown[])[i];
    }
    records[i] = record as WireRecord;
  }
  return { ok: true, value: records };
}
