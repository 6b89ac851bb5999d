import { sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { type Executor, queryRow } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { changeFeedSql, type ReadChangesRequest } from './change-feed-sql.js';

/**
 * Counting stops here: a total beyond it is said as "at least" (the progress bar then grows its
 * total as records arrive). The reference deployment's largest collection holds about 200,000.
 */
export const MAX_COUNTED = 1_000_000;

/**
 * How many changes of each collection wait after the client's positions, as this user sees them (the
 * same feed, scope and own-writes filter as the pages), counted in the caller's snapshot so the totals
 * and the pages agree. Only for collections with something after the position.
 */
export async function countChanges(
  executor: Executor,
  model: ScopeModel,
  requests: readonly (Omit<ReadChangesRequest, 'limit'> & { readonly def: EntityDef })[],
): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const request of requests) {
    const feed = changeFeedSql(
      model,
      { ...request, limit: MAX_COUNTED - 1 },
      { records: sql`t.seq`, removals: sql`e.seq` },
    );
    const row = await queryRow<{ n: string }>(executor, sql`SELECT count(*)::text AS n FROM (${feed}) f`);
    const n = Number(row?.n ?? 0);
    if (n > 0) totals[request.def.collection] = n;
  }
  return totals;
}
