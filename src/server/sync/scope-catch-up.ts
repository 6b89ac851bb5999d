import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { SyncFormat } from '../../shared/protocol/columns.js';
import { type Executor, queryRows } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import type { CatchUpPhase, FeedPosition, ScopeCursor } from './cursor.js';
import { readEncodedPage } from './read-page.js';
import type { DistrictSet, ScopeHistory } from './scope-changes.js';
import { ident, uuidArray } from './sql-helpers.js';

/**
 * A device whose cursor predates a change of its user's districts is caught up, per district-scoped
 * collection, in two steps before its feed goes on from the same cursor:
 * 1. `removals`: the ids of every record it may hold and may no longer see — the records of districts
 *    it held and has lost (whatever their seq: one changed after its cursor is still on the device at
 *    an older version), and records that left a held district after its cursor for one it does not see;
 * 2. `backfill`: the live records of districts it newly sees, up to its cursor's seq (everything later
 *    comes through the feed, which now reads with the new districts).
 * Both steps page in seq order with the last seq sent as their key, which stays exact under concurrent
 * writers: a record that changes while a step runs gets a seq above every key already sent, so it is
 * either sent again by the step (a removal twice is harmless) or, having left the step's set, reaches
 * the device through the feed, which runs after both steps. A further change of districts during the
 * catch-up starts it over (`target` is no longer the latest change): what was backfilled for a district
 * lost again is then removed, and a district lost and regained is backfilled again.
 */
export interface CatchUp {
  readonly held: number;
  readonly target: number;
  readonly phase: CatchUpPhase;
  readonly key: number;
  /** Districts the device may hold records of (null: every district). */
  readonly heldDistricts: DistrictSet;
  /** Districts it has held without a break since `held` (their records are complete up to its cursor). */
  readonly keptDistricts: DistrictSet;
  readonly now: DistrictSet;
}

/** Where a collection's cursor stands with respect to the user's district changes. */
export interface ScopeStanding {
  /** The scope change whose districts the device's records are complete for. */
  readonly held: number;
  /** Present when the device must be caught up first. */
  readonly catchUp?: CatchUp;
}

/** Plans a district-scoped collection's read from its position and the user's scope history. */
export function scopeStanding(history: ScopeHistory, position: FeedPosition): ScopeStanding | undefined {
  // A seed-style time position keeps nothing to catch up from (a time says nothing about districts).
  if (position.after !== undefined) return undefined;
  const latest = history.changes.at(-1)?.seq ?? 0;
  const held =
    position.scope?.held ??
    // A device with nothing yet holds nothing to remove: it reads with the current districts.
    (position.seq === 0 ? latest : (history.changes.filter((c) => c.seq <= position.seq).at(-1)?.seq ?? 0));
  const scope = position.scope;
  if (scope?.target !== undefined && scope.target === latest) {
    return { held, catchUp: plan(history, held, latest, scope.phase, scope.key) };
  }
  if (held < latest) return { held, catchUp: plan(history, held, latest, 'removals', 0) };
  return { held };
}

function plan(history: ScopeHistory, held: number, target: number, phase: CatchUpPhase, key: number): CatchUp {
  const later = history.changes.filter((c) => c.seq > held);
  const start = later[0]?.before ?? history.current;
  let heldDistricts = start;
  let keptDistricts = start;
  for (const change of later) {
    heldDistricts = union(heldDistricts, change.after);
    keptDistricts = intersection(keptDistricts, change.after);
  }
  return { held, target, phase, key, heldDistricts, keptDistricts, now: history.current };
}

function union(a: DistrictSet, b: DistrictSet): DistrictSet {
  return a === null || b === null ? null : [...new Set([...a, ...b])];
}

function intersection(a: DistrictSet, b: DistrictSet): DistrictSet {
  if (a === null) return b;
  if (b === null) return a;
  const inB = new Set(b);
  return a.filter((id) => inB.has(id));
}

/** `column` is one of `districts` (null: any district). */
function inDistricts(districts: DistrictSet, column: SQL): SQL {
  return districts === null ? sql`true` : sql`${column} = ANY(${uuidArray(districts)})`;
}

/** Whether a set difference `a \ b` can hold anything. */
function mayDiffer(a: DistrictSet, b: DistrictSet): boolean {
  if (b === null) return false;
  if (a === null) return true;
  const inB = new Set(b);
  return a.some((id) => !inB.has(id));
}

export interface CatchUpStep {
  /** Ids the device must let go of. */
  readonly removals: readonly string[];
  /** Backfilled records, encoded as one entry of the response's `changes` (absent when none). */
  readonly json?: string;
  /** Removals plus backfilled records. */
  readonly count: number;
  /** Where the catch-up stopped, when the limit did; absent once both steps are done. */
  readonly next?: ScopeCursor;
}

export interface CatchUpRead {
  readonly def: EntityDef;
  readonly user: SessionUser;
  /** The collection's cursor position (its seq: the backfill's bound and the feed's start). */
  readonly seq: number;
  readonly catchUp: CatchUp;
  readonly limit: number;
  readonly format: SyncFormat;
}

/** Runs the catch-up's steps from where the cursor left them, within the limit. */
export async function readCatchUp(executor: Executor, model: ScopeModel, read: CatchUpRead): Promise<CatchUpStep> {
  const { catchUp } = read;
  const at = (phase: CatchUpPhase, key: number): ScopeCursor => ({
    held: catchUp.held,
    target: catchUp.target,
    phase,
    key,
  });
  let removals: string[] = [];
  let key = catchUp.key;
  if (catchUp.phase === 'removals') {
    if (mayDiffer(catchUp.heldDistricts, catchUp.now)) {
      const rows = await readRemovals(executor, read, key);
      removals = rows.slice(0, read.limit).map((r) => r.id);
      if (rows.length > read.limit) {
        const last = Number(rows[read.limit - 1]?.seq ?? key);
        return { removals, count: removals.length, next: at('removals', last) };
      }
    }
    key = 0;
  }
  const remaining = read.limit - removals.length;
  if (!mayDiffer(catchUp.now, catchUp.keptDistricts)) return { removals, count: removals.length };
  const added = sql`${inDistricts(catchUp.now, sql`t.district_scope`)} AND NOT ${inDistricts(catchUp.keptDistricts, sql`t.district_scope`)}`;
  const page = await readEncodedPage(executor, model, read.format, {
    def: read.def,
    user: read.user,
    position: { seq: key },
    limit: remaining,
    backfill: { districts: added, upTo: read.seq },
  });
  const count = removals.length + page.count;
  const json = page.count > 0 ? page.json : undefined;
  const done = { removals, count, ...(json ? { json } : {}) };
  if (!page.hasMore) return done;
  return { ...done, next: at('backfill', page.lastSeq ?? key) };
}

/** Up to `limit + 1` removal ids after `key`, in seq order. */
async function readRemovals(
  executor: Executor,
  read: CatchUpRead,
  key: number,
): Promise<{ seq: string; id: string }[]> {
  const { def, user, catchUp } = read;
  const org = user.organisationId;
  const lost = (column: SQL) =>
    sql`${inDistricts(catchUp.heldDistricts, column)} AND NOT ${inDistricts(catchUp.now, column)}`;
  // A tombstone at or below the cursor is already a tombstone on the device: nothing to remove.
  return queryRows<{ seq: string; id: string }>(
    executor,
    sql`SELECT seq::text AS seq, id::text AS id FROM (
          SELECT t.seq, t.id FROM ${ident(def.table)} t
          WHERE t.seq > ${key} AND t.organisation_scope = ${org}::uuid AND ${lost(sql`t.district_scope`)}
            AND NOT (t.deleted AND t.seq <= ${read.seq})
          UNION ALL
          SELECT e.seq, e.record_id FROM scope_exits e
          WHERE e.entity = ${def.name} AND e.seq > GREATEST(${key}::bigint, ${read.seq}::bigint) AND e.organisation_scope = ${org}::uuid
            AND ${inDistricts(catchUp.heldDistricts, sql`e.from_district`)}
            AND (e.to_district IS NULL OR NOT ${inDistricts(catchUp.now, sql`e.to_district`)})
        ) x ORDER BY seq LIMIT ${read.limit + 1}`,
  );
}
