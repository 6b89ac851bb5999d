import { sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { snakeCase } from '../../shared/entity/naming.js';
import { queryRows, type ServerTx } from '../db/server-database.js';
import type { RecordScope } from '../scope/record-scope.js';
import { ident, uuidArray } from './sql-helpers.js';
import type { FeedWrites } from './write-transaction.js';

export interface CascadeContext {
  readonly tx: ServerTx;
  readonly graph: EntityGraph;
  readonly writes: FeedWrites;
  /** Server time of this transaction (ISO). */
  readonly now: string;
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
