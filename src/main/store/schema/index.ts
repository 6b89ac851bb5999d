import { getTableName } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../../shared/entity/entity-graph.js';
import { entityGraph } from '../../../shared/entity-graph.js';
import { type SqliteEntityTable, sqliteEntityTable } from './entity-table.js';
import { photoTables } from './photo-tables.js';
import * as syncTables from './sync-tables.js';

/** Builds every entity table of a graph, parents first so references become foreign keys. */
export function buildEntityTables(graph: EntityGraph): ReadonlyMap<string, SqliteEntityTable> {
  const tables = new Map<string, SqliteEntityTable>();
  const ids = new Map<string, AnySQLiteColumn>();
  for (const def of graph.ordered) {
    const table = sqliteEntityTable(def as EntityDef, ids);
    tables.set(def.name, table);
    ids.set(def.name, table.id as AnySQLiteColumn);
  }
  return tables;
}

/**
 * The local store's tables for a graph: entity tables by name, the sync bookkeeping tables and this
 * device's photo tables (library and upload queue).
 */
export function buildStoreSchema(graph: EntityGraph) {
  const entityTables = buildEntityTables(graph);
  return {
    entityTables,
    /** Everything drizzle-kit needs to diff, keyed by table name. */
    all: {
      ...Object.fromEntries([...entityTables.values()].map((t) => [tableName(t), t])),
      ...syncTables,
      ...photoTables,
    } as Record<string, unknown>,
  };
}

function tableName(t: SqliteEntityTable): string {
  return getTableName(t);
}

/** The application's store schema. */
export const storeSchema = buildStoreSchema(entityGraph);
export * from './entity-table.js';
export * from './photo-tables.js';
export * from './sync-tables.js';
