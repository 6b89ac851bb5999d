import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import { type Executor, queryRows } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import type { FeedPosition } from './cursor.js';
import { ident, uuidArray } from './sql-helpers.js';
import { tombstoneJsonSql, wireJsonSql } from './wire-json.js';

export interface ReadChangesRequest {
  readonly def: EntityDef;
  readonly user: SessionUser;
  readonly position: FeedPosition;
  /** Most items to return (≥ 0); one more is read to know whether more are waiting. */
  readonly limit: number;
  /** Records this client wrote last are skipped (it has them); the cursor still moves past them. */
  readonly clientId?: string;
}

export interface ChangesPage {
  /** Wire records as JSON text, in feed order. */
  readonly items: readonly string[];
  /**
   * Seq of the last item when more are waiting (null when none was taken: limit 0); when nothing is
   * waiting the caller's snapshot head is the next position.
   */
  readonly lastSeq: number | null;
  readonly hasMore: boolean;
}

/**
 * Reads one collection's changes after a position, as the user may see them: live records and
 * tombstones in their scope, plus removals for records that left their districts.
 */
export async function readChanges(
  executor: Executor,
  model: ScopeModel,
  request: ReadChangesRequest,
): Promise<ChangesPage> {
  const { def, user, position, limit, clientId } = request;
  const scoped = user.districtIds !== null && model.isUnitScoped(def);
  const districts = uuidArray(user.districtIds ?? []);
  const after = position.after ? sql` AND t.updated_at > ${position.after}::timestamptz` : sql``;
  const records: SQL = sql`SELECT t.seq, ${wireJsonSql(def)} AS j FROM ${ident(def.table)} t
    WHERE t.seq > ${position.seq} AND t.organisation_scope = ${user.organisationId}::uuid
    ${scoped ? sql` AND t.district_scope = ANY(${districts})` : sql``}
    ${clientId ? sql` AND t.last_client_id IS DISTINCT FROM ${clientId}::uuid` : sql``}${after}
    ORDER BY t.seq LIMIT ${limit + 1}`;
  const removals: SQL = sql`SELECT e.seq, ${tombstoneJsonSql('e')} AS j
    FROM (SELECT seq, record_id AS id, version, updated_at, entity, organisation_scope, from_district, to_district
          FROM scope_exits) e WHERE e.entity = ${def.name} AND e.seq > ${position.seq}
      AND e.organisation_scope = ${user.organisationId}::uuid AND e.from_district = ANY(${districts})
      AND (e.to_district IS NULL OR NOT e.to_district = ANY(${districts}))
      ${position.after ? sql` AND e.updated_at > ${position.after}::timestamptz` : sql``}
    ORDER BY e.seq LIMIT ${limit + 1}`;
  const query = scoped
    ? sql`SELECT seq::text AS seq, j FROM ((${records}) UNION ALL (${removals})) x ORDER BY seq LIMIT ${limit + 1}`
    : sql`SELECT seq::text AS seq, j FROM (${records}) x`;
  const rows = await queryRows<{ seq: string; j: string }>(executor, query);
  if (rows.length <= limit) return { items: rows.map((r) => r.j), lastSeq: null, hasMore: false };
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map((r) => r.j), lastSeq: last ? Number(last.seq) : null, hasMore: true };
}
