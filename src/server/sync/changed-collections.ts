import { type SQL, sql } from 'drizzle-orm';
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
  const row = await queryRow<{ latest: LatestSeqsValue }>(executor, sql`SELECT ${latestSeqsColumn(defs)} AS latest`);
  return decodeLatestSeqs(defs, row?.latest);
}

type LatestSeqsValue = { readonly tables: readonly (string | null)[]; readonly exits: Record<string, string> | null };

/** The same as one JSON column, for composing into one query. */
export function latestSeqsColumn(defs: readonly EntityDef[]): SQL {
  const tables = defs.map((def) => sql`(SELECT max(seq) FROM ${ident(def.table)})::text`);
  return sql`json_build_object('tables', json_build_array(${sql.join(tables, sql`, `)}),
    'exits', (SELECT json_object_agg(entity, seq::text) FROM (SELECT entity, max(seq) AS seq FROM scope_exits GROUP BY entity) e))`;
}

/** `latestSeqsColumn`'s value by entity type name. */
export function decodeLatestSeqs(defs: readonly EntityDef[], value: LatestSeqsValue | undefined): Map<string, number> {
  return new Map(
    defs.map((def, i) => [def.name, Math.max(Number(value?.tables[i] ?? 0), Number(value?.exits?.[def.name] ?? 0))]),
  );
}
