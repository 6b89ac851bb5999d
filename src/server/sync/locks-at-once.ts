import { type SQL, sql } from 'drizzle-orm';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import type { PushOp } from '../../shared/protocol/sync.js';
import { byType, type HeldLocks, LOCK_CODE, LockPlan, lockArms, ownLockMode, planOps } from './lock-plan.js';
import { type RecordRow, recordRowOf } from './record-rows.js';
import { ident, nameLiteral, uuidArray } from './sql-helpers.js';

/** A row as the statement of `locksAtOnce` returns it. */
export interface AtOnceRow {
  readonly entity: string;
  readonly id: string;
  readonly rec: Record<string, unknown>;
}

/** The statement that plans and takes a batch's locks, and what it took once its rows are back. */
export interface LocksAtOnce {
  readonly statement: SQL;
  readonly held: (rows: readonly AtOnceRow[]) => HeldLocks;
}

/**
 * A push's row locks planned and taken in one statement, so they travel in the round trip of the
 * claim instead of one of their own (issue #11: a round trip measured as 7–11 % of a loaded server's
 * throughput). Each entity type's branch, in topological order, locks in id order the rows the ops name
 * (`planOps`) together with the parents that the rows they write reference now, read by the statement
 * itself where `lockPushRows` reads them in a query before. Under READ COMMITTED a row that another
 * transaction moved meanwhile is returned as it is under its lock, so `lockPushRows` (given the result
 * as `taken`) checks the parents again from the rows and locks any it is missing in a further round.
 *
 * Undefined when the batch deletes or moves a record whose type has children: what those cascade into
 * is read type by type (`lockPushRows` alone). A create names its owner as a move does, but a new id
 * has no children to cascade into.
 */
export function locksAtOnce(graph: EntityGraph, ops: readonly PushOp[]): LocksAtOnce | undefined {
  for (const op of ops) {
    const def = graph.byName.get(op.entity);
    if (!def || graph.childrenOf(def).length === 0) continue;
    if (op.delete || (op.baseVersion !== null && ownLockMode(def, op) === 'update')) return undefined;
  }
  const asked = planOps(graph, ops);
  const branches: SQL[] = [];
  for (const def of graph.ordered) {
    const entries = asked.ordered(def);
    const parentsOfWritten = graph.childrenOf(def).flatMap(({ def: child, field }) => {
      const ref = child.refs.find((r) => r.field === field);
      const written = asked.idsOf(child, 'no key update');
      if (!ref || written.length === 0) return [];
      return [sql`SELECT ${ident(ref.column)} FROM ${ident(child.table)} WHERE id = ANY(${uuidArray(written)})`];
    });
    if (entries.length === 0 && parentsOfWritten.length === 0) continue;
    const ids = uuidArray(entries.map(([id]) => id));
    const modes = `{${entries.map(([, mode]) => LOCK_CODE[mode]).join(',')}}`;
    const named = sql`SELECT * FROM unnest(${ids}, ${modes}::text[]) AS e(id, m)`;
    const parents = parentsOfWritten.map((query) => sql` UNION ALL SELECT p.id, 'k' FROM (${query}) p(id)`);
    const { arms, row } = lockArms(def);
    branches.push(sql`(SELECT ${nameLiteral(def.name)}::text AS entity, ${row}
        FROM (SELECT a.id, max(a.m) AS m FROM (${named}${sql.join(parents, sql``)}) a
              WHERE a.id IS NOT NULL GROUP BY a.id ORDER BY a.id) x
        CROSS JOIN LATERAL ${arms} r)`);
  }
  if (branches.length === 0) return undefined;
  return {
    statement: sql.join(branches, sql` UNION ALL `),
    held: (rows) => heldFrom(graph, asked, rows),
  };
}

/**
 * What the statement holds: everything asked (a row asked and not returned does not exist, as in
 * `LockedRows`) and, at `key share`, each parent it found through the written rows.
 */
function heldFrom(graph: EntityGraph, asked: LockPlan, found: readonly AtOnceRow[]): HeldLocks {
  const plan = new LockPlan();
  plan.merge(asked, graph);
  const rows = new Map<string, Map<string, RecordRow | null>>();
  for (const def of graph.ordered) for (const [id] of asked.ordered(def)) byType(rows, def.name).set(id, null);
  for (const row of found) {
    const def = graph.byName.get(row.entity);
    if (!def) continue;
    plan.want(def, row.id, 'key share');
    byType(rows, def.name).set(row.id, recordRowOf(def, row.rec));
  }
  return { plan, rows };
}
