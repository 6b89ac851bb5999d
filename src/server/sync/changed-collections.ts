import { sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { type Executor, queryRow } from '../db/server-database.js';
import { ident } from './sql-helpers.js';

/**
 * The highest seq of each entity type's records and scope exits, in one query (index lookups), so a
 * sync reads only collections that changed after the client's cursor. Seqs cover every tenant: this
 * only decides what to read, never what is returned.
 */
export async function latestSeqs(executor: Executor, defs: readonly EntityDef[]): Promise<Map<string, number>> {
  if (defs.length === 0) return new Map();
  const columns = defs.map(
    (def, i) =>
      sql`GREATEST((SELECT max(seq) FROM ${ident(def.table)}),
        (SELECT max(seq) FROM scope_exits WHERE entity = ${def.name}))::text AS ${ident(`c${i}`)}`,
  );
  const row = await queryRow<Record<string, string | null>>(executor, sql`SELECT ${sql.join(columns, sql`, `)}`);
  return new Map(defs.map((def, i) => [def.name, Number(row?.[`c${i}`] ?? 0)]));
}
