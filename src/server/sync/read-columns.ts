import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { snakeCase } from '../../shared/entity/naming.js';
import { WIRE_META_KEYS } from '../../shared/protocol/records.js';
import { type Executor, frozenSql, queryRow } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { changeFeedSql, type ReadChangesRequest } from './change-feed-sql.js';
import { ident, isoTimeSql } from './sql-helpers.js';

export interface ColumnsPage {
  /** Records in the page (≤ the request's limit). */
  readonly count: number;
  /** The page's `columns` object as JSON text: `{"id":[…],"version":[…],…}`. */
  readonly columnsJson: string;
  /** As in `ChangesPage`: seq of the last item when more are waiting. */
  readonly lastSeq: number | null;
  readonly hasMore: boolean;
}

interface Shape {
  /** Wire keys in column order (`c0`, `c1`, … in SQL). */
  readonly keys: readonly string[];
  readonly records: SQL;
  readonly removals: SQL;
  readonly aggregates: SQL;
}

const shapes = new WeakMap<EntityDef, Shape>();

/**
 * Reads one collection's changes after a position in the columnar wire form (`ColumnarChanges`).
 * The database builds each column as one compact JSON array (`array_to_json(array_agg(…))`), so a
 * 10,000-record page comes back as one row of a dozen strings: nothing is parsed or re-serialised here.
 */
export async function readColumns(
  executor: Executor,
  model: ScopeModel,
  request: ReadChangesRequest,
): Promise<ColumnsPage> {
  const shape = shapeOf(request.def);
  const feed = changeFeedSql(model, request, { records: shape.records, removals: shape.removals });
  const row = await queryRow<Record<string, string | number | null>>(
    executor,
    sql`SELECT count(*)::int AS n, (max(seq) FILTER (WHERE rn <= lim))::text AS last_seq, ${shape.aggregates}
        FROM (SELECT f.*, row_number() OVER (ORDER BY seq) AS rn, ${request.limit}::int AS lim FROM (${feed}) f) p`,
  );
  const total = Number(row?.n ?? 0);
  const hasMore = total > request.limit;
  const count = Math.min(total, request.limit);
  const columnsJson = `{${shape.keys.map((key, i) => `${JSON.stringify(key)}:${row?.[`c${i}`] ?? '[]'}`).join(',')}}`;
  const lastSeq = hasMore && row?.last_seq != null ? Number(row.last_seq) : null;
  return { count, columnsJson, lastSeq, hasMore };
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
  const shape = { keys, records: frozenSql(records), removals: frozenSql(removals), aggregates: frozenSql(aggregates) };
  shapes.set(def, shape);
  return shape;
}
