import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  type PgColumnBuilderBase,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Field } from '../../../shared/entity/field.js';
import { snakeCase } from '../../../shared/entity/naming.js';

/**
 * Server bookkeeping every entity table carries beside the declared fields. Keys start with `_`
 * (no declared field can), so drizzle keys never collide with field names.
 */
export const SERVER_COLUMNS = {
  _version: 'version',
  _updatedAt: 'updated_at',
  /** Position in the global change feed (the cursor); assigned at commit under the write lock. */
  _seq: 'seq',
  _deleted: 'deleted',
  /** Tenant of the record, derived from its owner chain on every write (never trusted from clients). */
  _organisationScope: 'organisation_scope',
  /** District of the record (null above district level), derived like the tenant. */
  _districtScope: 'district_scope',
  /** The client that last wrote the record, so its own writes are not echoed back to it. */
  _lastClientId: 'last_client_id',
} as const;

const SERVER_COLUMN_NAMES = new Set<string>(Object.values(SERVER_COLUMNS));

function serverColumns() {
  return {
    _version: integer(SERVER_COLUMNS._version).notNull(),
    _updatedAt: timestamp(SERVER_COLUMNS._updatedAt, { withTimezone: true, mode: 'string' }).notNull(),
    _seq: bigint(SERVER_COLUMNS._seq, { mode: 'number' }).notNull().default(0),
    _deleted: boolean(SERVER_COLUMNS._deleted).notNull().default(false),
    _organisationScope: uuid(SERVER_COLUMNS._organisationScope).notNull(),
    _districtScope: uuid(SERVER_COLUMNS._districtScope),
    _lastClientId: uuid(SERVER_COLUMNS._lastClientId),
  };
}

function column(name: string, field: Field, refTarget: (() => AnyPgColumn) | undefined): PgColumnBuilderBase {
  const col = snakeCase(name);
  const built = (() => {
    switch (field.kind) {
      case 'text':
      case 'enum':
        return text(col);
      case 'date':
        return date(col, { mode: 'string' });
      case 'datetime':
        return timestamp(col, { withTimezone: true, mode: 'string' });
      case 'ref': {
        const c = uuid(col);
        return refTarget ? c.references(refTarget) : c;
      }
      case 'int':
        return integer(col);
      case 'real':
        return doublePrecision(col);
      case 'bool':
        return boolean(col);
      case 'json':
        return jsonb(col);
    }
  })();
  return field.nullable ? built : built.notNull();
}

/**
 * Derives the PostgreSQL table of an entity type from its declaration. `parentIds` gives the `id`
 * column of each already-built parent table, so references become foreign keys.
 */
export function pgEntityTable(def: EntityDef, parentIds: ReadonlyMap<string, AnyPgColumn>) {
  const columns: Record<string, PgColumnBuilderBase> = { id: uuid('id').primaryKey() };
  for (const [name, field] of Object.entries(def.fields)) {
    if (SERVER_COLUMN_NAMES.has(snakeCase(name))) {
      throw new Error(`${def.name}.${name}: column "${snakeCase(name)}" is reserved for the server`);
    }
    const target = field.kind === 'ref' ? parentIds.get(field.entity) : undefined;
    if (field.kind === 'ref' && !target) throw new Error(`${def.name}.${name}: parent table ${field.entity} not built`);
    columns[name] = column(name, field, target ? () => target : undefined);
  }
  Object.assign(columns, serverColumns());
  return pgTable(def.table, columns, (t) => {
    const col = (key: string) => t[key] as AnyPgColumn;
    return [
      ...def.refs.map((ref) => index(`${def.table}_${ref.column}_idx`).on(col(ref.field))),
      index(`${def.table}_seq_idx`).on(col('_seq')),
      index(`${def.table}_org_seq_idx`).on(col('_organisationScope'), col('_seq')),
      index(`${def.table}_district_seq_idx`).on(col('_districtScope'), col('_seq')),
      // Uniqueness holds among live records only: a tombstone must not block re-creating the pair.
      ...def.unique.map((fields, i) =>
        uniqueIndex(`${def.table}_unique_${i}`)
          .on(...(fields.map(col) as [AnyPgColumn, ...AnyPgColumn[]]))
          .where(sql`deleted = false`),
      ),
    ];
  });
}

export type PgEntityTable = ReturnType<typeof pgEntityTable>;
