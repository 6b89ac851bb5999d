import { sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { type Executor, queryRow } from '../db/server-database.js';
import { ident } from './sql-helpers.js';

/**
 * The highest seq of each entity type's records and scope exits, in one query of index lookups, so a
 * sync reads only collections that changed after the client's cursor. Seqs cover every tenant: they
 * decide what to read, never what is returned.
 */
export async function latestSeqs(executor: Executor, defs: readonly EntityDef[]): Promise<Map<string, number>> {
  if (defs.length === 0) return new Map();
  const columns = defs.map((def, i) => sql`(SELECT max(seq) FROM ${ident(def.table)})::text AS ${ident(`c${i}`)}`);
  const row = await queryRow<Record<string, string | null> & { exits: Record<string, string> | null }>(
    executor,
    sql`SELECT ${sql.join(columns, sql`, `)},
      (SELECT json_object_agg(entity, seq::text) FROM (SELECT entity, max(seq) AS seq FROM scope_exits GROUP BY entity) e) AS exits`,
  );
  return new Map(
    defs.map((def, i) => [def.name, Math.max(Number(row?.[`c${i}`] ?? 0), Number(row?.exits?.[def.name] ?? 0))]),
  );
}
