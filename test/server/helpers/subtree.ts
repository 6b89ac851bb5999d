import { sql } from 'drizzle-orm';
import { queryRows, type ServerDb } from '../../../src/server/db/server-database.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';

/** Ids of a record and everything it owns (directly or not), by collection, read from the server's tables. */
export async function ownedSubtree(db: ServerDb, entity: string, id: string): Promise<Map<string, string[]>> {
  const root = entityGraph.byName.get(entity);
  if (!root) throw new Error(`unknown entity ${entity}`);
  const found = new Map<string, string[]>([[root.collection, [id]]]);
  const byName = new Map<string, string[]>([[root.name, [id]]]);
  for (const def of entityGraph.ordered) {
    const parents = def.ownerRef ? byName.get(def.ownerRef.entity) : undefined;
    if (!def.ownerRef || !parents || parents.length === 0) continue;
    const rows = await queryRows<{ id: string }>(
      db,
      sql`SELECT id::text AS id FROM ${sql.identifier(def.table)}
          WHERE ${sql.identifier(def.ownerRef.column)} = ANY(${`{${parents.join(',')}}`}::uuid[])`,
    );
    if (rows.length === 0) continue;
    byName.set(
      def.name,
      rows.map((r) => r.id),
    );
    found.set(
      def.collection,
      rows.map((r) => r.id),
    );
  }
  return found;
}

/** A live seeded record of a table matching a condition. */
export async function someRecord(
  db: ServerDb,
  table: string,
  where = sql`true`,
): Promise<{ id: string; version: number }> {
  const [row] = await queryRows<{ id: string; version: number }>(
    db,
    sql`SELECT id::text AS id, version FROM ${sql.identifier(table)} WHERE NOT deleted AND ${where} ORDER BY id LIMIT 1`,
  );
  if (!row) throw new Error(`no live record in ${table}`);
  return row;
}
