import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { uuidSchema } from '../../shared/entity/validation.js';
import type { PushOp } from '../../shared/protocol/sync.js';
import { type Executor, frozenSql, queryRows } from '../db/server-database.js';
import { type RecordRow, recordJsonSql, recordRowOf } from './record-rows.js';
import { ident, nameLiteral, uuidArray } from './sql-helpers.js';

/**
 * PostgreSQL row lock modes a push takes, weakest first. `key share` keeps a parent from being
 * deleted, moved or re-keyed while a child points at it; `no key update` is an edit of one's own
 * record (it does not block children being added); `update` is taken by deletes and moves and on
 * everything a delete or move cascades into, so no child can be added under them meanwhile.
 */
export type RowLockMode = 'key share' | 'no key update' | 'update';

const RANK: Record<RowLockMode, number> = { 'key share': 0, 'no key update': 1, update: 2 };
/** Each mode's code in lock statements: their text order is the modes' strength order. */
export const LOCK_CODE: Record<RowLockMode, string> = { 'key share': 'k', 'no key update': 'n', update: 'u' };

/** Row locks by entity type and id, each at the strongest mode asked for. */
export class LockPlan {
  private readonly byType = new Map<string, Map<string, RowLockMode>>();

  /** Asks for `mode` on a row; returns whether that raised what was asked before. */
  want(def: EntityDef, id: string, mode: RowLockMode): boolean {
    const key = id.toLowerCase();
    const rows = this.byType.get(def.name) ?? new Map<string, RowLockMode>();
    this.byType.set(def.name, rows);
    const before = rows.get(key);
    if (before && RANK[before] >= RANK[mode]) return false;
    rows.set(key, mode);
    return true;
  }

  /** Whether the row is locked at least as strongly as `mode`. */
  covers(def: EntityDef, id: string, mode: RowLockMode): boolean {
    const held = this.byType.get(def.name)?.get(id.toLowerCase());
    return held !== undefined && RANK[held] >= RANK[mode];
  }

  idsOf(def: EntityDef, atLeast: RowLockMode = 'key share'): string[] {
    return [...(this.byType.get(def.name) ?? [])].filter(([, m]) => RANK[m] >= RANK[atLeast]).map(([id]) => id);
  }

  /** What this plan asks for beyond `held`. */
  beyond(held: LockPlan, graph: EntityGraph): LockPlan {
    const extra = new LockPlan();
    for (const def of graph.ordered) {
      for (const [id, mode] of this.byType.get(def.name) ?? [])
        if (!held.covers(def, id, mode)) extra.want(def, id, mode);
    }
    return extra;
  }

  merge(other: LockPlan, graph: EntityGraph): void {
    for (const def of graph.ordered)
      for (const [id, mode] of other.byType.get(def.name) ?? []) this.want(def, id, mode);
  }

  get size(): number {
    let n = 0;
    for (const rows of this.byType.values()) n += rows.size;
    return n;
  }

  /** Entries of one type in lock order (by id). */
  ordered(def: EntityDef): [string, RowLockMode][] {
    return [...(this.byType.get(def.name) ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/**
 * Rows as the push's locking statements returned them, by entity type and id: a row asked for and not
 * returned does not exist (null). The push reads them from here instead of a second time.
 */
export type LockedRows = ReadonlyMap<string, ReadonlyMap<string, RecordRow | null>>;

/** What `lockPushRows` holds: the row locks taken, and the rows as they were when locked. */
export interface HeldLocks {
  readonly plan: LockPlan;
  readonly rows: LockedRows;
}

/** The lock mode a push op needs on its own record. */
export function ownLockMode(def: EntityDef, op: PushOp): RowLockMode {
  if (op.delete) return 'update';
  const owner = def.ownerRef?.field;
  return owner && op.changes && owner in op.changes ? 'update' : 'no key update';
}

const MAX_ROUNDS = 4;

/**
 * Takes every row lock a push batch will need, before it writes anything and long before the feed
 * lock: each op's own record, every parent its changes or its current values reference (`key share`,
 * which is also what PostgreSQL's foreign-key checks take, so stamping the rows later never waits),
 * and everything a delete or move cascades into together with their parents. Locks are taken in one
 * global order — entity types in topological order, then id — so two pushes never wait on each other
 * in a cycle. What to lock is read first without locks, then checked again under them; rows that
 * appeared in between (a child added just before the parent's lock) are locked in a further ordered round.
 *
 * The check under the locks reads the references from the locking statements themselves. Only when a
 * locked row is about to be deleted or moved and its type has children does it query again: rows can
 * appear under a parent between the plan and the lock, never under a row that did not exist (a create's
 * new id) — a push of creates and edits plans in one query per type and locks in one more.
 */
export async function lockPushRows(
  tx: Executor,
  graph: EntityGraph,
  ops: readonly PushOp[],
  options: {
    readonly afterPlan?: () => Promise<void>;
    readonly firstPlanRows?: FirstPlanRows;
    /** Locks taken already by the statement of `locksAtOnce` for these ops (or more): checked, then completed. */
    readonly taken?: HeldLocks;
  } = {},
): Promise<HeldLocks> {
  const hooks = options;
  const held = new LockPlan();
  const rows = new Map<string, Map<string, RecordRow | null>>();
  /** What the rows held ask for: read again only when a locked row's delete or move may cascade. */
  const recheck = async () => {
    const cascadeMayGrow = graph.ordered.some(
      (def) => graph.childrenOf(def).length > 0 && held.idsOf(def, 'update').some((id) => rows.get(def.name)?.get(id)),
    );
    return cascadeMayGrow ? await planLocks(tx, graph, ops) : planFromRows(graph, ops, held, rows);
  };
  let wanted: LockPlan;
  if (options.taken) {
    held.merge(options.taken.plan, graph);
    for (const [type, taken] of options.taken.rows) for (const [id, row] of taken) byType(rows, type).set(id, row);
    wanted = await recheck();
  } else {
    wanted = await planLocks(tx, graph, ops, options.firstPlanRows);
    // Tests: another session writes between the plan and the locks.
    await hooks.afterPlan?.();
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const extra = wanted.beyond(held, graph);
    if (extra.size === 0) break;
    const taken = await takeLocks(tx, graph, extra);
    for (const def of graph.ordered) {
      for (const id of extra.idsOf(def)) byType(rows, def.name).set(id, taken.get(def.name)?.get(id) ?? null);
    }
    held.merge(extra, graph);
    wanted = await recheck();
  }
  return { plan: held, rows };
}

/** The inner map of `type`, made when missing. */
export function byType<V>(map: Map<string, Map<string, V>>, type: string): Map<string, V> {
  const rows = map.get(type) ?? new Map<string, V>();
  map.set(type, rows);
  return rows;
}

/** What each op asks for itself: its own record and the parents its changes name. */
export function planOps(graph: EntityGraph, ops: readonly PushOp[]): LockPlan {
  const plan = new LockPlan();
  for (const op of ops) {
    const def = graph.byName.get(op.entity);
    // Not validated yet: a value that is not a UUID is the op's own rejection, never a query.
    if (!def || !isUuid(op.id)) continue;
    plan.want(def, op.id, ownLockMode(def, op));
    for (const ref of def.refs) {
      const value = op.changes?.[ref.field];
      const parent = graph.byName.get(ref.entity);
      if (parent && isUuid(value)) plan.want(parent, value, 'key share');
    }
  }
  return plan;
}

/** Asks `key share` on the parents a row's current values reference. */
function wantParents(plan: LockPlan, graph: EntityGraph, def: EntityDef, row: Readonly<Record<string, unknown>>): void {
  for (const ref of def.refs) {
    const parent = graph.byName.get(ref.entity);
    const value = row[ref.field];
    if (parent && typeof value === 'string' && value) plan.want(parent, value, 'key share');
  }
}

/**
 * The plan again from rows read under their locks, when no cascade can have grown: the ops' own asks,
 * the rows already held, and the parents the locked rows reference now.
 */
function planFromRows(graph: EntityGraph, ops: readonly PushOp[], held: LockPlan, locked: LockedRows): LockPlan {
  const plan = planOps(graph, ops);
  plan.merge(held, graph);
  for (const def of graph.ordered) {
    for (const id of held.idsOf(def, 'no key update')) {
      const row = locked.get(def.name)?.get(id);
      if (row) wantParents(plan, graph, def, row.fields);
    }
  }
  return plan;
}

type PlanRow = Record<string, string | null> & { id: string; cascaded: boolean };

/**
 * The first query of a batch's lock plan — the rows of the first entity type (in topological order) the
 * batch writes — for the caller to run inside a statement it sends anyway (the push's claim of its
 * opIds), saving a round trip. Undefined when the batch writes no record of a declared type. The first
 * type has no cascade to read: cascades come from rows of earlier types found, and none was read.
 */
export function firstPlanQuery(graph: EntityGraph, ops: readonly PushOp[]): { def: EntityDef; query: SQL } | undefined {
  const plan = planOps(graph, ops);
  for (const def of graph.ordered) {
    const written = plan.idsOf(def, 'no key update');
    if (written.length > 0) return { def, query: planQuery(def, written, []) };
  }
  return undefined;
}

/** The rows `firstPlanQuery` read, for `lockPushRows` of the same ops. */
export interface FirstPlanRows {
  readonly def: EntityDef;
  readonly rows: readonly PlanRow[];
}

/** A type's rows a plan needs: those the ops write, and those a delete or move of a parent cascades into. */
function planQuery(def: EntityDef, written: readonly string[], cascades: readonly SQL[]): SQL {
  const refColumns = def.refs.map((ref) => sql`${ident(ref.column)}::text AS ${ident(ref.field)}`);
  const cascaded = cascades.length > 0 ? sql.join([...cascades], sql` OR `) : sql`false`;
  return sql`SELECT id::text AS id, (${cascaded}) AS cascaded${refColumns.length > 0 ? sql`, ${sql.join(refColumns, sql`, `)}` : sql``}
          FROM ${ident(def.table)}
          WHERE id = ANY(${uuidArray([...written])}) OR ${cascaded}`;
}

async function planLocks(
  tx: Executor,
  graph: EntityGraph,
  ops: readonly PushOp[],
  firstRows?: FirstPlanRows,
): Promise<LockPlan> {
  const plan = planOps(graph, ops);
  /** Rows found per type: a delete or move of an id that does not exist cascades into nothing. */
  const found = new Map<string, Set<string>>();
  // Parents come before children, so when a type is reached every lock that decides its cascade is known.
  for (const def of graph.ordered) {
    const written = plan.idsOf(def, 'no key update');
    const cascades: SQL[] = [];
    for (const ref of def.refs) {
      const parent = graph.byName.get(ref.entity);
      const doomed = parent ? plan.idsOf(parent, 'update').filter((id) => found.get(parent.name)?.has(id)) : [];
      if (doomed.length > 0) cascades.push(sql`${ident(ref.column)} = ANY(${uuidArray(doomed)})`);
    }
    if (written.length === 0 && cascades.length === 0) continue;
    // The first type's rows were read already when the caller ran `firstPlanQuery` (the same query).
    const preread = firstRows?.def === def && cascades.length === 0 ? firstRows.rows : undefined;
    firstRows = undefined;
    const rows = preread ?? (await queryRows<PlanRow>(tx, planQuery(def, written, cascades)));
    const ids = found.get(def.name) ?? new Set<string>();
    found.set(def.name, ids);
    for (const row of rows) {
      ids.add(row.id);
      if (row.cascaded) plan.want(def, row.id, 'update');
      wantParents(plan, graph, def, row);
    }
  }
  return plan;
}

/**
 * Locks the plan's rows type by type in topological order, each type's rows in id order, in one statement
 * (PostgreSQL runs UNION ALL branches one after the other, and a locking query is never run in parallel),
 * and returns the rows it locked as they are under the lock.
 */
async function takeLocks(
  tx: Executor,
  graph: EntityGraph,
  plan: LockPlan,
): Promise<Map<string, Map<string, RecordRow>>> {
  const branches: SQL[] = [];
  for (const def of graph.ordered) {
    const entries = plan.ordered(def);
    if (entries.length === 0) continue;
    const { before, after } = lockText(def);
    branches.push(
      sql`${before}${uuidArray(entries.map(([id]) => id))}, ${`{${entries.map(([, mode]) => LOCK_CODE[mode]).join(',')}}`}${after}`,
    );
  }
  const rows = new Map<string, Map<string, RecordRow>>();
  if (branches.length === 0) return rows;
  const found = await queryRows<{ entity: string; id: string; rec: Record<string, unknown> }>(
    tx,
    sql.join(branches, sql` UNION ALL `),
  );
  for (const row of found) {
    const def = graph.byName.get(row.entity);
    if (def) byType(rows, row.entity).set(row.id, recordRowOf(def, row.rec));
  }
  return rows;
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidSchema.safeParse(value).success;
}

const lockTexts = new WeakMap<EntityDef, { before: SQL; after: SQL }>();

/**
 * One type's branch of the lock statement around its ids and modes, compiled to text once per type
 * (drizzle would walk the record's JSON and the three arms on every push): a nested loop over the ids
 * in array order, each row locked in its own mode, in id order.
 */
function lockText(def: EntityDef): { before: SQL; after: SQL } {
  const known = lockTexts.get(def);
  if (known) return known;
  const { arms, row } = lockArms(def);
  const text = {
    before: frozenSql(sql`(SELECT ${nameLiteral(def.name)}::text AS entity, ${row}
          FROM unnest(`),
    after: frozenSql(sql`::text[])
            WITH ORDINALITY AS x(id, m, ord)
          CROSS JOIN LATERAL ${arms} r)`),
  };
  lockTexts.set(def, text);
  return text;
}

const armTexts = new WeakMap<EntityDef, { arms: SQL; row: SQL }>();

/**
 * The locking of one row `x.id` of a type in the mode coded `x.m`, for a lateral join over the ids in
 * lock order (`CROSS JOIN LATERAL ${arms} r`), and the select list of what it returns (`row`: `id` and
 * `rec`, the row as it is under the lock). The record's JSON is built once outside the three arms, not
 * in each (a third of the statement's text, which is built, named and parsed). Compiled once per type.
 */
export function lockArms(def: EntityDef): { arms: SQL; row: SQL } {
  const known = armTexts.get(def);
  if (known) return known;
  const table = ident(def.table);
  const arm = (code: string, clause: string) =>
    sql`SELECT * FROM (SELECT t.* FROM ${table} t
          WHERE t.id = x.id AND x.m = ${sql.raw(`'${code}'`)} FOR ${sql.raw(clause)}) ${ident(`l${code}`)}`;
  const text = {
    arms: frozenSql(
      sql`(${arm('u', 'UPDATE')} UNION ALL ${arm('n', 'NO KEY UPDATE')} UNION ALL ${arm('k', 'KEY SHARE')})`,
    ),
    // `recordJsonSql` reads the columns of `r`: here the lateral's rows.
    row: frozenSql(sql`r.id::text AS id, ${recordJsonSql(def)} AS rec`),
  };
  armTexts.set(def, text);
  return text;
}
