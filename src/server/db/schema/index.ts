import { getTableName } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { EntityGraph } from '../../../shared/entity/entity-graph.js';
import { entityGraph } from '../../../shared/entity-graph.js';
import { type PgEntityTable, pgEntityTable } from './entity-table.js';
import { changeSeq, serverTables } from './server-tables.js';

/** The server's tables for a graph: one per entity type (parents first) plus the server's own. */
export function buildServerSchema(graph: EntityGraph) {
  const entityTables = new Map<string, PgEntityTable>();
  const ids = new Map<string, AnyPgColumn>();
  for (const def of graph.ordered) {
    const table = pgEntityTable(def, ids);
    entityTables.set(def.name, table);
    ids.set(def.name, table.id as AnyPgColumn);
  }
  return {
    entityTables,
    /** Everything drizzle-kit diffs (tables and the change sequence), keyed by name. */
    all: {
      ...Object.fromEntries([...entityTables.values()].map((t) => [getTableName(t), t])),
      ...serverTables,
      changeSeq,
    } as Record<string, unknown>,
  };
}

export type ServerSchema = ReturnType<typeof buildServerSchema>;

/** The application's server schema. */
export const serverSchema = buildServerSchema(entityGraph);

export * from './entity-table.js';
export * from './server-tables.js';
