import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { snakeCase } from '../../shared/entity/naming.js';
import { ident, isoTimeSql } from './sql-helpers.js';

/** json_build_object takes at most 100 arguments: 4 metadata pairs leave room for 46 fields. */
const MAX_FIELDS = 46;

const cache = new WeakMap<EntityDef, SQL>();

/**
 * SQL that renders a row of `def`'s table (aliased `t`) as its wire record, as JSON text:
 * `{id, version, updatedAt, deleted, ...fields}`, or just the metadata for a tombstone. Built in the
 * database so a large pull is streamed as text without parsing and re-serialising each record.
 */
export function wireJsonSql(def: EntityDef): SQL {
  const cached = cache.get(def);
  if (cached) return cached;
  const fields = Object.entries(def.fields);
  if (fields.length > MAX_FIELDS) throw new Error(`${def.name}: more than ${MAX_FIELDS} fields`);
  const meta = (deleted: boolean) =>
    sql`'id', t.id, 'version', t.version, 'updatedAt', ${isoTimeSql(sql`t.updated_at`)}, 'deleted', ${sql.raw(String(deleted))}`;
  const values = fields.map(([name, field]) => {
    const column = sql`t.${ident(snakeCase(name))}`;
    // Field names are declared camelCase identifiers, safe as literals (a parameter would have no type here).
    return sql`${sql.raw(`'${name}'`)}, ${field.kind === 'datetime' ? isoTimeSql(column) : column}`;
  });
  const live = sql.join([meta(false), ...values], sql`, `);
  const built = sql`(CASE WHEN t.deleted THEN json_build_object(${meta(true)}) ELSE json_build_object(${live}) END)::text`;
  cache.set(def, built);
  return built;
}
