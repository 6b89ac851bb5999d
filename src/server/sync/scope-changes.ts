import { eq, sql } from 'drizzle-orm';
import { userScopeChanges, users } from '../db/schema/server-tables.js';
import { type Executor, queryRow, queryRows, type ServerDb } from '../db/server-database.js';
import { advanceFeedHead } from './feed-head.js';
import { FEED_LOCK_KEY } from './write-transaction.js';

/** Districts a user sees: ids, or null for the whole organisation. */
export type DistrictSet = readonly string[] | null;

/** One logged change of a user's districts, at its feed position. */
export interface ScopeChange {
  readonly seq: number;
  readonly before: DistrictSet;
  readonly after: DistrictSet;
}

/** A user's districts now and every logged change of them, oldest first (as one snapshot sees them). */
export interface ScopeHistory {
  readonly current: DistrictSet;
  readonly changes: readonly ScopeChange[];
}

/**
 * Gives a user other districts and logs the change on the change feed, in one transaction: the new
 * districts and the `user_scope_changes` row (districts before and after) commit together under the
 * feed lock with the next seq, so every reader sees either the old districts and no change, or the new
 * districts and a change whose seq is above every record it has read. Returns that seq (no change logged
 * when the districts stay the same).
 */
export async function changeUserDistricts(
  db: ServerDb,
  userId: string,
  districts: DistrictSet,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ districtIds: users.districtIds })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    if (!row) return null;
    const before = row.districtIds ?? null;
    if (sameDistricts(before, districts)) return null;
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FEED_LOCK_KEY})`);
    const next = await queryRow<{ seq: string }>(tx, sql`SELECT nextval('change_seq')::text AS seq`);
    const seq = Number(next?.seq);
    await tx
      .update(users)
      .set({ districtIds: districts ? [...districts] : null })
      .where(eq(users.id, userId));
    await tx.insert(userScopeChanges).values({
      seq,
      userId,
      districtsBefore: before ? [...before] : null,
      districtsAfter: districts ? [...districts] : null,
    });
    await advanceFeedHead(tx, seq);
    return seq;
  });
}

function sameDistricts(a: DistrictSet, b: DistrictSet): boolean {
  if (a === null || b === null) return a === b;
  const left = new Set(a.map((id) => id.toLowerCase()));
  return left.size === new Set(b.map((id) => id.toLowerCase())).size && b.every((id) => left.has(id.toLowerCase()));
}

/**
 * The user's districts and their logged changes, read in the caller's snapshot (`current` undefined:
 * no such user in it).
 */
export async function readScopeHistory(
  executor: Executor,
  userId: string,
): Promise<Omit<ScopeHistory, 'current'> & { readonly current: DistrictSet | undefined }> {
  const rows = await queryRows<{
    seq: string | null;
    before: string[] | null;
    after: string[] | null;
    current: string[] | null;
  }>(
    executor,
    sql`SELECT c.seq::text AS seq, c.districts_before AS before, c.districts_after AS after, u.district_ids AS current
        FROM users u LEFT JOIN user_scope_changes c ON c.user_id = u.id
        WHERE u.id = ${userId}::uuid ORDER BY c.seq`,
  );
  const current = rows.length === 0 ? undefined : pgUuids(rows[0]?.current ?? null);
  const changes = rows
    .filter((r) => r.seq !== null)
    .map((r) => ({ seq: Number(r.seq), before: pgUuids(r.before), after: pgUuids(r.after) }));
  return { current, changes };
}

/** PGlite returns uuid[] as an array; node-postgres may return the literal `{a,b}`. */
function pgUuids(value: string[] | string | null): DistrictSet {
  if (value === null) return null;
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}
