import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { frozenSql } from '../db/server-database.js';
import { isoTimeSql, nameLiteral } from './sql-helpers.js';

/**
 * The parts of the stamping statement (`write-transaction.ts`) that never change, compiled to their
 * text once: drizzle walks every chunk of a statement on every call, and the stamp's column lists and
 * expressions were most of the push's statement-building time under load.
 */

/** The seq before the first one the statement takes (its `feed_lock` CTE's answer). */
export const STAMP_BASE = frozenSql(sql`(SELECT base FROM feed_lock)`);

/** The commit time the statement stamps (never below the previous stamp). */
export const STAMP_AT = frozenSql(sql`(SELECT at FROM feed_lock)`);

const returnings = new WeakMap<EntityDef, SQL>();

/**
 * What each of the statement's writes returns per row it stamped: `(entity, id, seq, version,
 * updated_at)`, the time as the ISO text clients see.
 */
export function stampReturning(def: EntityDef): SQL {
  const known = returnings.get(def);
  if (known) return known;
  const returning = frozenSql(
    sql`${nameLiteral(def.name)}::text AS entity, t.id::text AS id, t.seq, t.version, ${isoTimeSql(sql`t.updated_at`)} AS updated_at`,
  );
  returnings.set(def, returning);
  return returning;
}
