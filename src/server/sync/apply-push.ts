import { sql } from 'drizzle-orm';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { OpResult, PushOp } from '../../shared/protocol/sync.js';
import { queryRows, type ServerDb, type ServerTx } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { applyOp } from './apply-op.js';
import type { FeedState } from './feed-head.js';
import { RowCache } from './row-cache.js';
import { uuidArray } from './sql-helpers.js';
import { runWriteTransaction, type WriteHooks } from './write-transaction.js';

export interface PushRequest {
  readonly user: SessionUser;
  readonly ops: readonly PushOp[];
  readonly clientId: string | null;
  /** Server time of the write (ISO). */
  readonly now: string;
}

export interface PushDeps {
  readonly db: ServerDb;
  readonly graph: EntityGraph;
  readonly model: ScopeModel;
  readonly hooks?: WriteHooks;
  readonly feed?: FeedState;
}

type Applied = Extract<OpResult, { status: 'applied' | 'duplicate' }>;

/**
 * Applies a push batch in one transaction and returns one result per op, in order. Each op is
 * claimed by opId first, so a retry — even one racing the original request — is answered `duplicate`
 * with the first result instead of being applied twice. Only applied ops are remembered: a conflict
 * or rejection may be retried once the client has fixed it.
 */
export async function applyPush(deps: PushDeps, request: PushRequest): Promise<OpResult[]> {
  if (request.ops.length === 0) return [];
  return runWriteTransaction(
    deps.db,
    deps.graph,
    async (tx, writes) => {
      const prior = await claimOps(tx, request);
      const rows = new RowCache(tx);
      await rows.prefetch(
        deps.graph,
        request.ops.filter((op) => !prior.has(op.opId)),
      );
      const ctx = { ...deps, tx, writes, rows, user: request.user, now: request.now, clientId: request.clientId };
      const results: OpResult[] = [];
      const applied = new Map<string, Applied>();
      for (const op of request.ops) {
        const earlier = applied.get(op.opId) ?? prior.get(op.opId);
        if (earlier === FOREIGN) {
          results.push(reused(op));
          continue;
        }
        if (earlier) {
          results.push({ ...earlier, status: 'duplicate' });
          continue;
        }
        const def = deps.graph.resolve(op.entity);
        const result = def.ok
          ? await applyOp(ctx, def.value, op)
          : ({ opId: op.opId, status: 'rejected', entity: op.entity, id: op.id, error: def.error } satisfies OpResult);
        if (result.status === 'applied') applied.set(op.opId, result);
        results.push(result);
      }
      await recordOutcomes(tx, request, applied, prior);
      return results;
    },
    deps.hooks,
    deps.feed,
  );
}

const FOREIGN = Symbol('foreign');
type Prior = Map<string, Applied | typeof FOREIGN>;

function reused(op: PushOp): OpResult {
  return {
    opId: op.opId,
    status: 'rejected',
    entity: op.entity,
    id: op.id,
    error: { code: 'BAD_REQUEST', message: `Operation id ${op.opId} was already used by another user`, field: 'opId' },
  };
}

/** Claims every new opId and returns the stored results of those seen before (or FOREIGN). */
async function claimOps(tx: ServerTx, request: PushRequest): Promise<Prior> {
  const ids = [...new Set(request.ops.map((op) => op.opId))];
  const claimed = await queryRows<{ op_id: string }>(
    tx,
    sql`INSERT INTO applied_ops (op_id, user_id) SELECT unnest(${uuidArray(ids)}), ${request.user.id}::uuid
        ON CONFLICT (op_id) DO NOTHING RETURNING op_id::text AS op_id`,
  );
  const fresh = new Set(claimed.map((r) => r.op_id));
  const seen = ids.filter((id) => !fresh.has(id));
  const prior: Prior = new Map();
  if (seen.length === 0) return prior;
  const rows = await queryRows<{ op_id: string; user_id: string; result: Applied | null }>(
    tx,
    sql`SELECT op_id::text AS op_id, user_id::text AS user_id, result FROM applied_ops WHERE op_id = ANY(${uuidArray(seen)})`,
  );
  for (const row of rows) {
    if (row.user_id !== request.user.id) prior.set(row.op_id, FOREIGN);
    else if (row.result) prior.set(row.op_id, row.result);
  }
  return prior;
}

/** Stores applied results; releases the claims of ops that were not applied. */
async function recordOutcomes(
  tx: ServerTx,
  request: PushRequest,
  applied: ReadonlyMap<string, Applied>,
  prior: Prior,
): Promise<void> {
  if (applied.size > 0) {
    await tx.execute(
      sql`UPDATE applied_ops a SET result = r.result
          FROM jsonb_to_recordset(${JSON.stringify([...applied.values()].map((result) => ({ op_id: result.opId, result })))}::jsonb)
            AS r(op_id uuid, result jsonb)
          WHERE a.op_id = r.op_id`,
    );
  }
  const released = [...new Set(request.ops.map((op) => op.opId))].filter((id) => !applied.has(id) && !prior.has(id));
  if (released.length > 0) {
    await tx.execute(sql`DELETE FROM applied_ops WHERE op_id = ANY(${uuidArray(released)}) AND result IS NULL`);
  }
}
