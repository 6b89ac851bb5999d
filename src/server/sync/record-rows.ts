import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { snakeCase } from '../../shared/entity/naming.js';
import type { WireRecord } from '../../shared/protocol/records.js';
import { type PgEntityTable, serverSchema } from '../db/schema/index.js';
import { type Executor, frozenSql, queryRow } from '../db/server-database.js';
import type { RecordScope } from '../scope/record-scope.js';
import { ident } from './sql-helpers.js';
import { wireJsonSql } from './wire-json.js';

/** A record's server state as the write path needs it. */
export interface RecordRow {
  readonly version: number;
  readonly deleted: boolean;
  readonly scope: RecordScope;
  /** Declared field values (drizzle-mapped). */
  readonly fields: Readonly<Record<string, unknown>>;
}

export function tableOf(def: EntityDef): PgEntityTable {
  const table = serverSchema.entityTables.get(def.name);
  if (!table) throw new Error(`No server table for entity type ${def.name}`);
  return table;
}

/** A column of an entity table by drizzle key (a field name, `id`, or a `_`-prefixed server column). */
export function columnOf(def: EntityDef, key: string): AnyPgColumn {
  const column = (tableOf(def) as unknown as Record<string, AnyPgColumn | undefined>)[key];
  if (!column) throw new Error(`${def.name} has no column ${key}`);
  return column;
}

export type LockMode = 'update' | 'share' | 'none';

/**
 * Reads records by id, locking them for an edit (`update`: FOR NO KEY UPDATE, which still lets children
 * be added), against deletion and moves (`share`: FOR KEY SHARE, what a foreign-key check takes) or not
 * at all. Rows are locked in id order. A push takes its locks up front (`lockPushRows`); this is for
 * rows it did not plan.
 */
export async function lockRecords(
  executor: Executor,
  def: EntityDef,
  ids: readonly string[],
  mode: LockMode,
): Promise<Map<string, RecordRow>> {
  const found = new Map<string, RecordRow>();
  if (ids.length === 0) return found;
  const id = columnOf(def, 'id');
  const query = executor
    .select()
    .from(tableOf(def))
    .where(ids.length === 1 ? eq(id, ids[0]) : inArray(id, [...ids]))
    .orderBy(id);
  const rows = (
    mode === 'none' ? await query : await query.for(mode === 'update' ? 'no key update' : 'key share')
  ) as Record<string, unknown>[];
  for (const row of rows) found.set(row.id as string, recordRowOf(def, row));
  return found;
}

/** A drizzle-mapped row, or `recordJsonSql`'s JSON as the driver parsed it, as a RecordRow. */
export function recordRowOf(def: EntityDef, row: Readonly<Record<string, unknown>>): RecordRow {
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(def.fields)) fields[name] = row[name];
  return {
    version: row._version as number,
    deleted: row._deleted as boolean,
    scope: {
      organisation: row._organisationScope as string,
      district: (row._districtScope as string | null) ?? null,
    },
    fields,
  };
}

const recordJsonCache = new WeakMap<EntityDef, SQL>();
const JSON_PAIRS_PER_CALL = 40;

/**
 * A row of `def`'s table (aliased `r`) as JSON holding what a RecordRow needs, so a statement that locks
 * rows can hand them over without a second read. JSON keeps every value as drizzle maps it (numbers,
 * booleans, jsonb, `YYYY-MM-DD` dates, uuid and text strings) except a timestamptz, which JSON writes
 * in ISO form: those go as text, the form the driver hands drizzle. Read back with `recordRowOf`.
 */
export function recordJsonSql(def: EntityDef): SQL {
  const cached = recordJsonCache.get(def);
  if (cached) return cached;
  const pairs: SQL[] = [
    sql`'_version', r.version`,
    sql`'_deleted', r.deleted`,
    sql`'_organisationScope', r.organisation_scope`,
    sql`'_districtScope', r.district_scope`,
    ...Object.entries(def.fields).map(([name, field]) => {
      const column = sql`r.${ident(snakeCase(name))}`;
      return sql`${sql.raw(`'${name}'`)}, ${field.kind === 'datetime' ? sql`${column}::text` : column}`;
    }),
  ];
  // json_build_object takes at most 100 arguments: a wide type is built in parts and joined.
  const parts: SQL[] = [];
  for (let i = 0; i < pairs.length; i += JSON_PAIRS_PER_CALL) {
    parts.push(sql`json_build_object(${sql.join(pairs.slice(i, i + JSON_PAIRS_PER_CALL), sql`, `)})`);
  }
  const built = frozenSql(
    parts.length === 1
      ? (parts[0] as SQL)
      : sql`(${sql.join(
          parts.map((part) => sql`${part}::jsonb`),
          sql` || `,
        )})::json`,
  );
  recordJsonCache.set(def, built);
  return built;
}

/** One record (see `lockRecords`). */
export async function lockRecord(
  executor: Executor,
  def: EntityDef,
  id: string,
  mode: LockMode,
): Promise<RecordRow | undefined> {
  return (await lockRecords(executor, def, [id], mode)).get(id);
}

/** The record as clients see it (a tombstone when deleted). */
export async function readWireRecord(executor: Executor, def: EntityDef, id: string): Promise<WireRecord | undefined> {
  const row = await queryRow<{ j: string }>(
    executor,
    sql`SELECT ${wireJsonSql(def)} AS j FROM ${ident(def.table)} t WHERE t.id = ${id}::uuid`,
  );
  return row ? (JSON.parse(row.j) as WireRecord) : undefined;
}
