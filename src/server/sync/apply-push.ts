import { type SQL, sql } from 'drizzle-orm';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import type { AppError } from '../../shared/errors.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { OpResult, PushOp } from '../../shared/protocol/sync.js';
import { confirmSession, type SessionToCheck, sessionCheckSql } from '../auth/session-check.js';
import type { SessionRow } from '../auth/session-store.js';
import { type FollowingStatement, queryRowsThen } from '../db/pg-transaction.js';
import { queryRows, type ServerDb, type ServerTx } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { applyOp } from './apply-op.js';
import type { FeedState } from './feed-head.js';
import { type FirstPlanRows, firstPlanQuery, lockPushRows } from './lock-plan.js';
import { type AtOnceRow, locksAtOnce } from './locks-at-once.js';
import { decodePurgeMark, type PurgeMark, purgeMarkColumn } from './purge.js';
import { RowCache } from './row-cache.js';
import { rowsLimit, uuidArray } from './sql-helpers.js';
import { runWriteTransaction, type WriteHooks } from './write-transaction.js';

export interface PushRequest {
  readonly user: SessionUser;
  readonly ops: readonly PushOp[];
  readonly clientId: string | null;
  /** Server time the request arrived (ISO): a placeholder on new rows until the commit stamps them. */
  readonly now: string;
  /**
   * Decides from the purge mark, read in the statement that claims the ops, whether the batch may be
   * applied at all (a device behind the purge horizon must download again first): an error refuses the
   * whole batch, nothing written.
   */
  readonly admit?: (mark: PurgeMark) => AppError | undefined;
  /** A statement to run right after the commit, in its round trip (the sync's read; see `WriteOptions`). */
  readonly follow?: FollowingStatement;
  /**
   * The session the request went on with unchecked: read again in the claim's statement, and the batch
   * undone with `SessionUnchecked` unless it is the same (see session-check.ts).
   */
  readonly session?: SessionToCheck;
}

/** A push batch refused whole before anything was applied (see `PushRequest.admit`). */
export class PushRefused extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'PushRefused';
  }
}

export interface PushDeps {
  readonly db: ServerDb;
  readonly graph: EntityGraph;
  readonly model: ScopeModel;
  readonly hooks?: WriteHooks;
  readonly feed?: FeedState;
  /** The server clock, read at commit to stamp `updatedAt`. */
  readonly now?: () => Date;
  readonly onRetry?: (code: string) => void;
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
  let applied = new Map<string, Applied>();
  let prior: Prior = new Map();
  return runWriteTransaction(
    deps.db,
    deps.graph,
    async (tx, writes) => {
      // The locks travel with the claim when they cascade into nothing; otherwise the lock plan's first read does.
      const atOnce = locksAtOnce(deps.graph, request.ops);
      const first = atOnce ? undefined : firstPlanQuery(deps.graph, request.ops);
      const claim = await claimOps(tx, request, first?.query, atOnce?.statement);
      prior = claim.prior;
      const fresh = request.ops.filter((op) => !prior.has(op.opId));
      // The lock plan's first read ran with the claim, for every op: it holds when none was seen before.
      const firstPlanRows =
        first && fresh.length === request.ops.length ? { def: first.def, rows: claim.planRows } : undefined;
      const locked = await lockPushRows(
        tx,
        deps.graph,
        fresh,
        atOnce ? { taken: atOnce.held(claim.lockRows) } : firstPlanRows ? { firstPlanRows } : {},
      );
      const rows = new RowCache(tx, locked, writes.pending);
      await rows.prefetch(deps.graph, fresh);
      const ctx = { ...deps, tx, writes, rows, user: request.user, now: request.now, clientId: request.clientId };
      const results: OpResult[] = [];
      applied = new Map<string, Applied>();
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
      // Nothing written (all duplicates, conflicts or rejections): no stamp comes, record now.
      if (writes.size === 0) await recordOutcomes(tx, request, applied, prior);
      return results;
    },
    {
      ...(deps.hooks ? { hooks: deps.hooks } : {}),
      ...(deps.feed ? { feed: deps.feed } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.onRetry ? { onRetry: deps.onRetry } : {}),
      ...(request.follow ? { follow: request.follow } : {}),
      // Applied results carry the commit time, and are remembered with it for retried opIds.
      stamped: (results, stamps) =>
        results.map((result) => {
          // A duplicate of an op applied earlier in this batch gets the same stamp; one from before keeps its own.
          const inBatch = result.status === 'applied' || (result.status === 'duplicate' && !prior.has(result.opId));
          if (!inBatch) return result;
          return { ...result, updatedAt: stamps.get(`${result.entity}:${result.id}`) ?? result.updatedAt };
        }),
      // Remembered in the stamping statement itself, each with its record's commit time from `stamped`.
      withStamps: () => outcomeStatements(request, applied, prior, true),
    },
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

type ClaimRow = {
  claimed: string[] | null;
  mark: Parameters<typeof decodePurgeMark>[0];
  session?: SessionRow | null;
} & PlanRow;
type PlanRow = FirstPlanRows['rows'][number];

/**
 * Claims every new opId and returns the stored results of those seen before (or FOREIGN). The same
 * statement reads the purge mark for `admit` (refused, the transaction rolls the claims back), the
 * request's session when it went on unchecked (`PushRequest.session`), and runs
 * `plan`, the lock plan's first read, returning its rows; `locks` (the statement of `locksAtOnce`)
 * follows it in the same round trip: one round trip for all of them on every push.
 */
async function claimOps(
  tx: ServerTx,
  request: PushRequest,
  plan: SQL | undefined,
  locks: SQL | undefined,
): Promise<{ prior: Prior; planRows: PlanRow[]; lockRows: AtOnceRow[] }> {
  // In one order, so two requests carrying the same opIds wait on each other in line, not in a cycle.
  const ids = [...new Set(request.ops.map((op) => op.opId))].sort();
  const session = request.session;
  const sessionColumn = session ? sql`, ${sessionCheckSql(session)} AS session` : sql``;
  const claim = sql`WITH claimed AS (
          INSERT INTO applied_ops (op_id, user_id) SELECT unnest(${uuidArray(ids)}), ${request.user.id}::uuid
          ON CONFLICT (op_id) DO NOTHING RETURNING op_id)
        SELECT c.claimed, c.mark${session ? sql`, c.session` : sql``}${plan ? sql`, p.*` : sql``}
        FROM (SELECT (SELECT array_agg(op_id::text) FROM claimed) AS claimed, ${purgeMarkColumn()} AS mark${sessionColumn}) c
        ${plan ? sql`LEFT JOIN (${plan}) p ON true` : sql``}`;
  const [rows, lockRows] = locks
    ? await queryRowsThen<ClaimRow, AtOnceRow>(tx, claim, locks)
    : [await queryRows<ClaimRow>(tx, claim), []];
  const row = rows[0];
  if (session) confirmSession(session, row?.session);
  const refused = request.admit?.(decodePurgeMark(row?.mark));
  if (refused) throw new PushRefused(refused);
  // Without a plan row the LEFT JOIN still gives the claim's one row, with no id.
  const planRows = plan ? rows.filter((r) => r.id !== null && r.id !== undefined) : [];
  const fresh = new Set(pgTextArray(row?.claimed ?? null));
  const seen = ids.filter((id) => !fresh.has(id));
  const prior: Prior = new Map();
  if (seen.length === 0) return { prior, planRows, lockRows };
  const stored = await queryRows<{ op_id: string; user_id: string; result: Applied | null }>(
    tx,
    sql`SELECT op_id::text AS op_id, user_id::text AS user_id, result FROM applied_ops WHERE op_id = ANY(${uuidArray(seen)})`,
  );
  for (const row of stored) {
    if (row.user_id !== request.user.id) prior.set(row.op_id, FOREIGN);
    else if (row.result) prior.set(row.op_id, row.result);
  }
  return { prior, planRows, lockRows };
}

/** Stores applied results; releases the claims of ops that were not applied. */
async function recordOutcomes(
  tx: ServerTx,
  request: PushRequest,
  applied: ReadonlyMap<string, Applied>,
  prior: Prior,
): Promise<void> {
  for (const statement of outcomeStatements(request, applied, prior, false)) await tx.execute(statement);
}

/**
 * The statements that store applied results and release the claims of ops that were not applied. With
 * `stamped`, they run inside the stamping statement: each result takes its record's commit time from
 * the `stamped` rows (matched as the JavaScript side matches them, by entity and id text).
 */
function outcomeStatements(
  request: PushRequest,
  applied: ReadonlyMap<string, Applied>,
  prior: Prior,
  stamped: boolean,
): SQL[] {
  const statements: SQL[] = [];
  if (applied.size > 0) {
    const rows = JSON.stringify(
      [...applied.values()].map((result) => ({ op_id: result.opId, entity: result.entity, id: result.id, result })),
    );
    // Looked up by op_id one by one, not by a scan of every op remembered (see rowsLimit).
    const limit = rowsLimit(applied.size);
    statements.push(
      stamped
        ? sql`UPDATE applied_ops a
              SET result = CASE WHEN s.updated_at IS NULL THEN r.result
                                ELSE jsonb_set(r.result, '{updatedAt}', to_jsonb(s.updated_at)) END
              FROM (SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS r(op_id uuid, entity text, id text, result jsonb)
                    ${limit}) r
                LEFT JOIN stamped s ON s.entity = r.entity AND s.id = r.id
              WHERE a.op_id = r.op_id`
        : sql`UPDATE applied_ops a SET result = r.result
              FROM (SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS r(op_id uuid, result jsonb) ${limit}) r
              WHERE a.op_id = r.op_id`,
    );
  }
  const released = [...new Set(request.ops.map((op) => op.opId))].filter((id) => !applied.has(id) && !prior.has(id));
  if (released.length > 0) {
    statements.push(sql`DELETE FROM applied_ops WHERE op_id = ANY(${uuidArray(released)}) AND result IS NULL`);
  }
  return statements;
}

/** node-postgres hands a text[] back as an array, or as its literal `{a,b}` for some element types. */
function pgTextArray(value: string[] | string | null): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}
