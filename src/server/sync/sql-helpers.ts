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
