import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { ScopeModel } from '../scope/scope-model.js';
import type { FeedPosition } from './cursor.js';
import { ident, uuidArray } from './sql-helpers.js';

export interface ReadChangesRequest {
  readonly def: EntityDef;
  readonly user: SessionUser;
  readonly position: FeedPosition;
  /** Most items to return (≥ 0); one more is read to know whether more are waiting. */
  readonly limit: number;
  /** Records this client wrote last are skipped (it has them); the cursor still moves past them. */
  readonly clientId?: string;
  /**
   * A scope catch-up's backfill instead of the feed: the live records of districts the user newly sees
   * (`districts`, a predicate on `t.district_scope`) with seq after the position and at most `upTo`
   * (the device's own cursor: later changes reach it through the feed). No own-writes filter (the
   * device removed what it wrote there when it lost the district) and no removals.
   */
  readonly backfill?: { readonly districts: SQL; readonly upTo: number };
}

/**
 * What to select from each source of a collection's feed: rows of the entity table (alias `t`) and,
 * for district-scoped users, removals of records that left their districts (alias `e`: `id`,
 * `version`, `updated_at`). Both lists start with `seq` and select the same columns.
 */
export interface FeedSelect {
  readonly records: SQL;
  readonly removals: SQL;
}

/**
 * One collection's changes after a position as the user may see them, in feed (`seq`) order, at most
 * `limit + 1` rows (the extra one tells that more are waiting): live records and tombstones in their
 * scope, plus removals for records that left their districts.
 */
export function changeFeedSql(model: ScopeModel, request: ReadChangesRequest, select: FeedSelect): SQL {
  const { def, user, position, limit, clientId, backfill } = request;
  if (backfill) {
    return sql`SELECT ${select.records} FROM ${ident(def.table)} t
      WHERE t.seq > ${position.seq} AND t.seq <= ${backfill.upTo} AND t.organisation_scope = ${user.organisationId}::uuid
        AND NOT t.deleted AND ${backfill.districts}
      ORDER BY t.seq LIMIT ${limit + 1}`;
  }
  const scoped = user.districtIds !== null && model.isUnitScoped(def);
  const districts = uuidArray(user.districtIds ?? []);
  const after = position.after ? sql` AND t.updated_at > ${position.after}::timestamptz` : sql``;
  const records: SQL = sql`SELECT ${select.records} FROM ${ident(def.table)} t
    WHERE t.seq > ${position.seq} AND t.organisation_scope = ${user.organisationId}::uuid
    ${scoped ? sql` AND t.district_scope = ANY(${districts})` : sql``}
    ${clientId ? sql` AND t.last_client_id IS DISTINCT FROM ${clientId}::uuid` : sql``}${after}
    ORDER BY t.seq LIMIT ${limit + 1}`;
  if (!scoped) return records;
  const removals: SQL = sql`SELECT ${select.removals}
    FROM (SELECT seq, record_id AS id, version, updated_at, entity, organisation_scope, from_district, to_district
          FROM scope_exits) e WHERE e.entity = ${def.name} AND e.seq > ${position.seq}
      AND e.organisation_scope = ${user.organisationId}::uuid AND e.from_district = ANY(${districts})
      AND (e.to_district IS NULL OR NOT e.to_district = ANY(${districts}))
      ${position.after ? sql` AND e.updated_at > ${position.after}::timestamptz` : sql``}
    ORDER BY e.seq LIMIT ${limit + 1}`;
  return sql`SELECT * FROM ((${records}) UNION ALL (${removals})) x ORDER BY seq LIMIT ${limit + 1}`;
}
