import { eq, type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { type Executor, frozenSql, queryRows } from '../db/server-database.js';
import { columnOf, tableOf } from './record-rows.js';
import { ident, inKeyOrder, rowsBound, rowsLimit } from './sql-helpers.js';
import { STAMP_AT, STAMP_BASE, stampReturning } from './stamp-sql.js';

/** Column values of one write by drizzle key (`id`, field names, `_`-prefixed server columns). */
export type WriteValues = Readonly<Record<string, unknown>>;

interface Pending {
  readonly kind: 'insert' | 'update';
  values: Record<string, unknown>;
}

/** A pending write's place on the feed: its seq is the stamp's base plus `ord`. */
export interface PendingStamp {
  readonly id: string;
  readonly ord: number;
}

/**
 * The creates and edits of a write transaction not sent to the database yet. They are written by the
 * statement that stamps the feed (`stampStatements`), which sets their seq and commit time in the same
 * write: a push of creates and edits costs one statement for all of them instead of one each, plus
 * the stamp. Anything that reads or writes rows another way first sends them (`flush`), so no statement
 * ever sees the database without the batch's earlier writes.
 */
export class PendingWrites {
  private readonly byType = new Map<string, { def: EntityDef; rows: Map<string, Pending> }>();

  /** `order`: every entity type, parents first (the graph's topological order). */
  constructor(private readonly order: readonly EntityDef[]) {}

  insert(def: EntityDef, id: string, values: WriteValues): void {
    this.rowsOf(def).set(id, { kind: 'insert', values: { ...values, id } });
  }

  /** An edit; of a record created or edited earlier in the batch, merged into that write. */
  update(def: EntityDef, id: string, values: WriteValues): void {
    const rows = this.rowsOf(def);
    const earlier = rows.get(id);
    if (earlier) earlier.values = { ...earlier.values, ...values };
    else rows.set(id, { kind: 'update', values: { ...values } });
  }

  has(def: EntityDef, id: string): boolean {
    return this.byType.get(def.name)?.rows.has(id) ?? false;
  }

  get size(): number {
    let n = 0;
    for (const { rows } of this.byType.values()) n += rows.size;
    return n;
  }

  /** Sends every pending write now, as plain statements (the stamp then finds the rows in place). */
  async flush(tx: Executor): Promise<void> {
    if (this.size === 0) return;
    const types = this.order.flatMap((def) => this.byType.get(def.name) ?? []);
    this.byType.clear();
    // Parents are inserted before the children that reference them.
    for (const { def, rows } of types) {
      const inserts = [...rows.values()].filter((p) => p.kind === 'insert').map((p) => p.values);
      if (inserts.length > 0) await queryRows(tx, tx.insert(tableOf(def)).values(inserts));
      for (const [id, pending] of rows) {
        if (pending.kind !== 'update') continue;
        const values = inKeyOrder(pending.values);
        await queryRows(
          tx,
          tx
            .update(tableOf(def))
            .set(values)
            .where(eq(columnOf(def, 'id'), id)),
        );
      }
    }
  }

  /**
   * The data-modifying statements that write `def`'s pending rows with their stamp, for the stamping
   * statement's CTEs (`stamp-sql.ts` names its seq base and commit time). Each returns `(entity, id,
   * seq, version, updated_at)` like the stamp of a written row. `stamps` gives each pending row its
   * `ord`; the rows are forgotten (they are written by the stamp).
   */
  stampStatements(def: EntityDef, stamps: readonly PendingStamp[]): SQL[] {
    const rows = this.byType.get(def.name)?.rows;
    if (!rows) return [];
    const groups = new Map<string, { kind: Pending['kind']; keys: string[]; rows: Record<string, unknown>[] }>();
    for (const { id, ord } of stamps) {
      const pending = rows.get(id);
      if (!pending) continue;
      // One statement per kind and set of columns; the seq and the time come from the stamp.
      const keys = Object.keys(pending.values)
        .filter((key) => key !== '_seq' && key !== '_updatedAt' && key !== 'id')
        .sort();
      const group = `${pending.kind}:${keys.join(',')}`;
      const entry = groups.get(group) ?? { kind: pending.kind, keys, rows: [] };
      groups.set(group, entry);
      const row: Record<string, unknown> = { id, __ord: ord };
      for (const key of keys) row[columnOf(def, key).name] = pending.values[key];
      if (pending.kind === 'insert') row.updated_at = pending.values._updatedAt;
      entry.rows.push(row);
    }
    const statements: SQL[] = [];
    for (const [group, { kind, keys, rows: values }] of groups) {
      const { before, after } = stampWriteText(def, group, kind, keys, values.length);
      statements.push(sql`${before}${JSON.stringify(values)}${after}`);
    }
    this.byType.delete(def.name);
    return statements;
  }

  private rowsOf(def: EntityDef): Map<string, Pending> {
    const entry = this.byType.get(def.name) ?? { def, rows: new Map<string, Pending>() };
    this.byType.set(def.name, entry);
    return entry.rows;
  }
}

/** A stamp write's text around its rows (a jsonb parameter). */
interface StampWriteText {
  readonly before: SQL;
  readonly after: SQL;
}

const stampWriteTexts = new WeakMap<EntityDef, Map<string, StampWriteText>>();

/**
 * `INSERT … SELECT … FROM jsonb_to_recordset(` and `::jsonb) AS r(…) RETURNING …` (or the UPDATE's),
 * for rows of `keys`: everything but the rows is the same for every push of that shape. An edit's text
 * also bounds its row count for the planner (`rowsLimit`: one per power of two of `count`).
 */
function stampWriteText(
  def: EntityDef,
  group: string,
  kind: Pending['kind'],
  keys: readonly string[],
  count: number,
): StampWriteText {
  let known = stampWriteTexts.get(def);
  if (!known) {
    known = new Map<string, StampWriteText>();
    stampWriteTexts.set(def, known);
  }
  // An insert joins nothing: its row count changes no plan.
  const bound = kind === 'update' ? rowsBound(count) : 0;
  const shape = `${group}:${bound}`;
  const cached = known.get(shape);
  if (cached) return cached;
  const table = ident(def.table);
  const quoted = keys.map((key) => ident(columnOf(def, key).name));
  // The record type jsonb_to_recordset reads the rows as: declared names and types only.
  const definition = sql.join(
    [
      sql.raw('"id" uuid'),
      ...keys.map((key) => sql`${ident(columnOf(def, key).name)} ${sql.raw(columnOf(def, key).getSQLType())}`),
      ...(kind === 'insert' ? [sql.raw('"updated_at" timestamptz')] : []),
      sql.raw('"__ord" bigint'),
    ],
    sql`, `,
  );
  const text: StampWriteText =
    kind === 'insert'
      ? {
          before: frozenSql(sql`INSERT INTO ${table} AS t (id, ${sql.join(quoted, sql`, `)}, seq, updated_at)
              SELECT r.id, ${sql.join(
                quoted.map((name) => sql`r.${name}`),
                sql`, `,
              )}, ${STAMP_BASE} + r.__ord, GREATEST(r.updated_at, ${STAMP_AT})
              FROM jsonb_to_recordset(`),
          after: frozenSql(sql`::jsonb) AS r(${definition})
              RETURNING ${stampReturning(def)}`),
        }
      : {
          before: frozenSql(sql`UPDATE ${table} AS t SET ${sql.join(
            quoted.map((name) => sql`${name} = r.${name}`),
            sql`, `,
          )}, seq = ${STAMP_BASE} + r.__ord, updated_at = GREATEST(t.updated_at, ${STAMP_AT})
              FROM (SELECT * FROM jsonb_to_recordset(`),
          after: frozenSql(sql`::jsonb) AS r(${definition}) ${rowsLimit(bound)}) r
              WHERE t.id = r.id
              RETURNING ${stampReturning(def)}`),
        };
  known.set(shape, text);
  return text;
}
