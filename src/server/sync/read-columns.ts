import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { snakeCase } from '../../shared/entity/naming.js';
import { WIRE_META_KEYS } from '../../shared/protocol/records.js';
import { frozenSql } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { changeFeedSql, type ReadChangesRequest } from './change-feed-sql.js';
import { ident, isoTimeSql } from './sql-helpers.js';

interface Shape {
  /** Wire keys in column order (`c0`, `c1`, … in SQL). */
  readonly keys: readonly string[];
  readonly records: SQL;
  readonly removals: SQL;
  readonly aggregates: SQL;
  /** The `columns` object's JSON text from the aggregates (an empty page's columns are `[]`). */
  readonly object: SQL;
}

const shapes = new WeakMap<EntityDef, Shape>();

/**
 * One collection's changes after a position in the columnar wire form (`ColumnarChanges`), as one row
 * of a `PageRow` whose `x` is the page's `columns` object. The database builds each column as one
 * compact JSON array (`array_to_json(array_agg(…))`) and the object from them, so a 10,000-record page
 * comes back as one string: nothing is parsed or re-serialised here.
 */
export function columnsPageSql(model: ScopeModel, request: ReadChangesRequest): SQL {
  const shape = shapeOf(request.def);
  const feed = changeFeedSql(model, request, { records: shape.records, removals: shape.removals });
  return sql`SELECT n, last_seq, ${shape.object} AS x FROM (
      SELECT count(*)::int AS n, (max(seq) FILTER (WHERE rn <= lim))::text AS last_seq, ${shape.aggregates}
      FROM (SELECT f.*, row_number() OVER (ORDER BY seq) AS rn, ${request.limit}::int AS lim FROM (${feed}) f) p) a`;
}

/** The select lists and aggregates of `def`'s columns, built once per entity type. */
function shapeOf(def: EntityDef): Shape {
  const cached = shapes.get(def);
  if (cached) return cached;
  const fields = Object.entries(def.fields);
  const keys = [...WIRE_META_KEYS, ...fields.map(([name]) => name)];
  const as = (i: number) => sql.raw(`c${i}`);
  // A tombstone carries no field values, as in the record form.
  const fieldValues = fields.map(([name, field], i) => {
    const column = sql`t.${ident(snakeCase(name))}`;
    const value = field.kind === 'datetime' ? isoTimeSql(column) : column;
    return sql`CASE WHEN t.deleted THEN NULL ELSE ${value} END AS ${as(i + WIRE_META_KEYS.length)}`;
  });
  const meta = (alias: string, deleted: SQL) => {
    const a = sql.raw(alias);
    return [
      sql`${a}.seq`,
      sql`${a}.id AS ${as(0)}`,
      sql`${a}.version AS ${as(1)}`,
      sql`${isoTimeSql(sql`${a}.updated_at`)} AS ${as(2)}`,
      sql`${deleted} AS ${as(3)}`,
    ];
  };
  const records = sql.join([...meta('t', sql`t.deleted`), ...fieldValues], sql`, `);
  const removals = sql.join(
    [...meta('e', sql`true`), ...fields.map((_, i) => sql`NULL AS ${as(i + WIRE_META_KEYS.length)}`)],
    sql`, `,
  );
  const aggregates = sql.join(
    keys.map((_, i) => sql`array_to_json(array_agg(${as(i)} ORDER BY seq) FILTER (WHERE rn <= lim))::text AS ${as(i)}`),
    sql`, `,
  );
  // Keys are declared field names (letters and digits), quoted once as JSON and as SQL text.
  const quoted = (key: string) => `'${JSON.stringify(key).replaceAll("'", "''")}'`;
  // `||`, not concat(): a function takes at most 100 arguments, and a wide type has more columns than that.
  const object = sql.raw(
    `('{' || ${keys.map((key, i) => `${quoted(key)} || ':' || coalesce(c${i}, '[]')`).join(` || ',' || `)} || '}')`,
  );
  const shape = {
    keys,
    records: frozenSql(records),
    removals: frozenSql(removals),
    aggregates: frozenSql(aggregates),
    object,
  };
  shapes.set(def, shape);
  return shape;
}
