import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  index,
  integer,
  real,
  type SQLiteColumnBuilderBase,
  sqliteTable,
  text,
} from 'drizzle-orm/sqlite-core';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Field } from '../../../shared/entity/field.js';
import { snakeCase } from '../../../shared/entity/naming.js';

/**
 * Local change state of a row: `synced` mirrors the server; `pending` has local edits waiting in
 * the outbox (the outbox row, not this flag, is the source of truth for what to send).
 */
export const LOCAL_STATES = ['synced', 'pending'] as const;
export type LocalState = (typeof LOCAL_STATES)[number];

/** Sync metadata every entity table carries, beside the declared fields. */
function syncColumns() {
  return {
    /** Server version this row mirrors; `null` when the record was never accepted by the server. */
    _version: integer('_version'),
    /** Server time of that version (informational). */
    _updatedAt: text('_updated_at'),
    _deleted: integer('_deleted', { mode: 'boolean' }).notNull().default(false),
    _localState: text('_local_state', { enum: LOCAL_STATES }).notNull().default('synced'),
    /** The server version the local edit started from (3-way merge base). */
    _baseVersion: integer('_base_version'),
    /** The server's fields at `_baseVersion`, as JSON, for 3-way merges of concurrent edits. */
    _base: text('_base', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Local clock at the last local edit (shown to the officer; never used for ordering). */
    _localUpdatedAt: text('_local_updated_at'),
  };
}

function column(name: string, field: Field, refTarget: (() => AnySQLiteColumn) | undefined): SQLiteColumnBuilderBase {
  const col = snakeCase(name);
  const built = (() => {
    switch (field.kind) {
      case 'text':
      case 'date':
      case 'datetime':
        return text(col);
      case 'enum':
        return text(col, { enum: field.values as [string, ...string[]] });
      case 'ref': {
        const c = text(col);
        return refTarget ? c.references(refTarget) : c;
      }
      case 'int':
        return integer(col);
      case 'real':
        return real(col);
      case 'bool':
        return integer(col, { mode: 'boolean' });
      case 'json':
        return text(col, { mode: 'json' });
    }
  })();
  return field.nullable ? built : built.notNull();
}

/**
 * Derives the drizzle SQLite table of an entity type. `parentIds` gives the `id` column of each
 * already-built parent table, so references become foreign keys (checked with `foreign_keys = ON`).
 */
export function sqliteEntityTable(def: EntityDef, parentIds: ReadonlyMap<string, AnySQLiteColumn>) {
  const columns: Record<string, SQLiteColumnBuilderBase> = { id: text('id').primaryKey() };
  for (const [name, field] of Object.entries(def.fields)) {
    const target = field.kind === 'ref' ? parentIds.get(field.entity) : undefined;
    if (field.kind === 'ref' && !target)
      throw new Error(`${def.name}.${name}: parent table ${field.entity} not built yet`);
    columns[name] = column(name, field, target ? () => target : undefined);
  }
  Object.assign(columns, syncColumns());
  return sqliteTable(def.table, columns, (t) => [
    ...def.refs.map((ref) => index(`${def.table}_${ref.column}_idx`).on(t[ref.field] as AnySQLiteColumn)),
    ...def.localIndexes.map((fields) =>
      index(`${def.table}_${fields.map(snakeCase).join('_')}_idx`).on(
        ...(fields.map((f) => t[f]) as unknown as [AnySQLiteColumn, ...AnySQLiteColumn[]]),
      ),
    ),
    // Partial: only rows with local edits are indexed, so the pull path (all `synced`) never maintains it.
    index(`${def.table}_pending_idx`)
      .on(t._localState as AnySQLiteColumn)
      .where(sql`${t._localState as AnySQLiteColumn} = 'pending'`),
  ]);
}

export type SqliteEntityTable = ReturnType<typeof sqliteEntityTable>;
