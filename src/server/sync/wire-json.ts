import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { snakeCase } from '../../shared/entity/naming.js';
import { frozenSql } from '../db/server-database.js';
import { ident, isoTimeSql } from './sql-helpers.js';

const cache = new WeakMap<EntityDef, SQL>();

/** `row_to_json` of a one-row subquery: compact JSON (no spaces) with keys in the order given. */
function jsonObject(pairs: readonly SQL[]): SQL {
  return sql`(SELECT row_to_json(r) FROM (SELECT ${sql.join([...pairs], sql`, `)}) r)`;
}

/** `value AS "key"`: keys are declared camelCase identifiers, safe to inline. */
function pair(key: string, value: SQL): SQL {
  return sql`${value} AS ${ident(key)}`;
}

/** The metadata of a wire record from columns of alias `alias` (a tombstone is exactly this). */
export function wireMetaPairs(alias: string, deleted: SQL): SQL[] {
  const a = sql.raw(alias);
  return [
    pair('id', sql`${a}.id`),
    pair('version', sql`${a}.version`),
    pair('updatedAt', isoTimeSql(sql`${a}.updated_at`)),
    pair('deleted', deleted),
  ];
}

/** A tombstone-shaped wire record as JSON text, from columns of alias `alias`. */
export function tombstoneJsonSql(alias: string): SQL {
  return sql`${jsonObject(wireMetaPairs(alias, sql`true`))}::text`;
}

/**
 * SQL that renders a row of `def`'s table (aliased `t`) as its wire record, as compact JSON text:
 * `{id, version, updatedAt, deleted, ...fields}`, or just the metadata for a tombstone. Built in the
 * database so a large pull is streamed as text without parsing and re-serialising each record.
 */
export function wireJsonSql(def: EntityDef): SQL {
  const cached = cache.get(def);
  if (cached) return cached;
  const fields = Object.entries(def.fields).map(([name, field]) => {
    const column = sql`t.${ident(snakeCase(name))}`;
    return pair(name, field.kind === 'datetime' ? isoTimeSql(column) : column);
  });
  const live = jsonObject([...wireMetaPairs('t', sql`false`), ...fields]);
  const built = frozenSql(sql`(CASE WHEN t.deleted THEN ${tombstoneJsonSql('t')} ELSE ${live}::text END)`);
  cache.set(def, built);
  return built;
}
