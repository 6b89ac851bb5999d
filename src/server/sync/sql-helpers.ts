import { type SQL, sql } from 'drizzle-orm';

/** A uuid[] parameter. Ids are validated UUIDs before they get here, so the literal is safe. */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** A timestamptz column as ISO 8601 UTC with milliseconds, exactly like `Date.toISOString()`. */
export function isoTimeSql(column: SQL): SQL {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A string literal of a declared name (an entity type's), for text compiled once (`frozenSql`). */
export function nameLiteral(name: string): SQL {
  return sql.raw(`'${name.replace(/'/g, "''")}'`);
}

/** A quoted identifier (table and column names come from declarations, never from requests). */
export function ident(name: string): SQL {
  return sql.raw(`"${name.replace(/"/g, '""')}"`);
}

/**
 * The fields in one key order, whatever order a client named them in: a statement built from them has
 * one text per set of fields, so it is prepared once per connection instead of once per permutation.
 */
export function inKeyOrder(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `LIMIT k` for a set of `n` rows a statement unpacks from a parameter (k: the power of two ≥ n, so it
 * never cuts; `rowsBound`): the planner's row count for them. PostgreSQL counts `jsonb_to_recordset`
 * as 100 rows and an array parameter's `unnest` as 10 whatever they hold, and joined against a table
 * of a few thousand rows that picks a hash join over a scan of the whole table, dead versions too —
 * inside the stamping statement, under the feed lock, for a push of one or two records. Powers of two
 * keep the texts few.
 */
export function rowsLimit(n: number): SQL {
  return sql.raw(`LIMIT ${rowsBound(n)}`);
}

/** The power of two ≥ `n` (at least 1). */
export function rowsBound(n: number): number {
  let k = 1;
  while (k < n) k *= 2;
  return k;
}
