import { sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { snakeCase } from '../../shared/entity/naming.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import { queryRows, type ServerTx } from '../db/server-database.js';
import { canWrite, type RecordScope } from '../scope/record-scope.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { ident, uuidArray } from './sql-helpers.js';
import type { FeedWrites } from './write-transaction.js';

export interface CascadeContext {
  readonly tx: ServerTx;
  readonly graph: EntityGraph;
  readonly writes: FeedWrites;
  /** Server time of this transaction (ISO). */
  readonly now: string;
}

/** A record a delete would cascade into that the user may not change. */
export interface ForbiddenCascade {
  readonly def: EntityDef;
  readonly id: string;
}

/**
 * The first live record the delete of `ids` would tombstone (recursively, by any reference) that the
 * user may not write, if any: such a delete is refused whole. A record can sit under a parent of
 * another district (a lesson observation in District 2 of a teacher since moved to District 1).
 * The push locked them all beforehand, so the answer holds until commit.
 */
export async function findForbiddenCascade(
  ctx: CascadeContext & { readonly model: ScopeModel; readonly user: SessionUser },
  def: EntityDef,
  ids: readonly string[],
): Promise<ForbiddenCascade | undefined> {
  // Organisation-wide users write everything in their tenant, and a cascade never leaves it.
  if (ids.length === 0 || !ctx.user.districtIds) return undefined;
  for (const { def: child, field } of ctx.graph.childrenOf(def)) {
    const rows = await queryRows<{ id: string; organisation: string; district: string | null }>(
      ctx.tx,
      sql`SELECT id::text AS id, organisation_scope::text AS organisation, district_scope::text AS district
          FROM ${ident(child.table)}
          WHERE ${ident(snakeCase(field))} = ANY(${uuidArray(ids)}) AND NOT deleted ORDER BY id`,
    );
    const denied = rows.find(
      (row) => !canWrite(ctx.model, ctx.user, child, { organisation: row.organisation, district: row.district }),
    );
    if (denied) return { def: child, id: denied.id };
    const deeper = await findForbiddenCascade(
      ctx,
      child,
      rows.map((r) => r.id),
    );
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * Tombstones every live record that references the deleted ones (by any reference), recursively, so
 * no live record points at a deleted parent. The push locked them all beforehand (`lockPushRows`); the
 * commit stamps their `updatedAt`. Written as the server's own change (no client id), so the
 * deleting client receives the cascade too.
 */
export async function cascadeDelete(ctx: CascadeContext, def: EntityDef, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  for (const { def: child, field } of ctx.graph.childrenOf(def)) {
    const rows = await queryRows<{ id: string }>(
      ctx.tx,
      sql`UPDATE ${ident(child.table)} SET deleted = true, version = version + 1, last_client_id = NULL
          WHERE ${ident(snakeCase(field))} = ANY(${uuidArray(ids)}) AND NOT deleted
          RETURNING id::text AS id`,
    );
    for (const row of rows) ctx.writes.touch(child, row.id);
    await cascadeDelete(
      ctx,
      child,
      rows.map((r) => r.id),
    );
  }
}

/**
 * Moves everything owned (directly or not) by the moved records into their new scope. Each moved
 * record is put back on the feed (users of the new district receive it) and, when it left a district,
 * logged as a scope exit (users of the old district receive a removal).
 */
export async function cascadeMove(
  ctx: CascadeContext,
  def: EntityDef,
  ids: readonly string[],
  scope: RecordScope,
): Promise<void> {
  if (ids.length === 0) return;
  for (const child of ctx.graph.ordered) {
    if (child.ownerRef?.entity !== def.name) continue;
    const owner = ident(child.ownerRef.column);
    const table = ident(child.table);
    const rows = await queryRows<{ id: string; old_district: string | null }>(
      ctx.tx,
      sql`UPDATE ${table} AS t SET organisation_scope = ${scope.organisation}::uuid,
            district_scope = ${scope.district}::uuid, last_client_id = NULL
          FROM (SELECT id, district_scope FROM ${table} WHERE ${owner} = ANY(${uuidArray(ids)}) FOR UPDATE) o
          WHERE t.id = o.id AND (t.district_scope IS DISTINCT FROM ${scope.district}::uuid
            OR t.organisation_scope <> ${scope.organisation}::uuid)
          RETURNING t.id::text AS id, o.district_scope::text AS old_district`,
    );
    for (const row of rows) {
      if (row.old_district) {
        ctx.writes.exit(child, row.id, {
          organisation: scope.organisation,
          fromDistrict: row.old_district,
          toDistrict: scope.district,
        });
      } else ctx.writes.touch(child, row.id);
    }
    await cascadeMove(
      ctx,
      child,
      rows.map((r) => r.id),
      scope,
    );
  }
}
