import type Database from 'better-sqlite3';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { snakeCase } from '../../shared/entity/naming.js';
import { type Fields, quote } from './codec/row-codec.js';
import type { StoreContext } from './store-context.js';

/**
 * Types whose own title does not tell records apart in lists spanning owners: a visit's title field is
 * its date, and many schools have a visit that day. Their title leads with the owner's ("Hill School ·
 * 2026-03-02").
 */
const LEAD_WITH_OWNER: ReadonlySet<string> = new Set(['schoolVisit']);

/** Between an owner's title and the record's own. */
export const TITLE_SEPARATOR = ' · ';

/** The record's own title for lists: its declared title field, else its id (no owner: see `titleSql`). */
export function titleOf(def: EntityDef, id: string, fields: Readonly<Fields> | undefined): string {
  const value = def.titleField ? fields?.[def.titleField] : undefined;
  return value === null || value === undefined || value === '' ? id : String(value);
}

/**
 * SQL for the title of the `def` row aliased `alias`: its title field (else its id), led by its owner's
 * title for the types that need one. The owner is read by primary key in a correlated subquery, which
 * SQLite runs only for the rows a query returns (a LIMITed page costs a page of lookups).
 */
export function titleSql(graph: EntityGraph, def: EntityDef, alias: string): string {
  const own = def.titleField
    ? `coalesce(nullif(${alias}.${quote(snakeCase(def.titleField))}, ''), ${alias}.id)`
    : `${alias}.id`;
  const owner = def.ownerRef && LEAD_WITH_OWNER.has(def.name) ? graph.byName.get(def.ownerRef.entity) : undefined;
  if (!owner || !def.ownerRef) return own;
  const ownerAlias = `${alias}_owner`;
  const ownerTitle = `(select ${titleSql(graph, owner, ownerAlias)} from ${quote(owner.table)} ${ownerAlias}
    where ${ownerAlias}.id = ${alias}.${quote(def.ownerRef.column)})`;
  return `coalesce(${ownerTitle} || '${TITLE_SEPARATOR}', '') || ${own}`;
}

/**
 * SQL for the title of the record named by two columns (`entityColumn`, `idColumn`) of another table,
 * such as an outbox op or a conflict: one branch per entity type, the record's id when its row is gone.
 */
export function recordTitleSql(graph: EntityGraph, entityColumn: string, idColumn: string): string {
  const branches = graph.ordered.map(
    (def) =>
      `when '${def.name}' then (select ${titleSql(graph, def, 'r')} from ${quote(def.table)} r where r.id = ${idColumn})`,
  );
  return `coalesce(case ${entityColumn} ${branches.join(' ')} end, ${idColumn})`;
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Looks the record up (tombstones too) and returns its title: its id when the row is gone or the type unknown. */
export function lookUpTitle(ctx: StoreContext, entity: string, id: string): string {
  const def = ctx.graph.byName.get(entity);
  if (!def) return id;
  const cache = statements.get(ctx.sqlite) ?? new Map<string, Database.Statement>();
  statements.set(ctx.sqlite, cache);
  let statement = cache.get(entity);
  if (!statement) {
    statement = ctx.sqlite.prepare(
      `select ${titleSql(ctx.graph, def, 't')} as title from ${quote(def.table)} t where t.id = ?`,
    );
    cache.set(entity, statement);
  }
  const row = statement.get(id) as { title: string } | undefined;
  return row?.title ?? id;
}
