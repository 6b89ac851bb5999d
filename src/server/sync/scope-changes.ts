import { eq, type SQL, sql } from 'drizzle-orm';
import { userScopeChanges, users } from '../db/schema/server-tables.js';
import { type Executor, queryRow, type ServerDb } from '../db/server-database.js';
import { takeFeedSeqs } from './feed-head.js';

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
    const seq = (await takeFeedSeqs(tx, 1)) + 1;
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
    return seq;
  });
}

/** The same districts, in any order and letter case (null: every district). */
export function sameDistricts(a: DistrictSet, b: DistrictSet): boolean {
  if (a === null || b === null) return a === b;
  const left = new Set(a.map((id) => id.toLowerCase()));
  return left.size === new Set(b.map((id) => id.toLowerCase())).size && b.every((id) => left.has(id.toLowerCase()));
}

/**
 * The user's districts and their logged changes as one JSON column (null: no such user), for composing
 * into one query.
 */
export const scopeHistoryColumn = (userId: string): SQL =>
  sql`(SELECT json_build_object('current', u.district_ids, 'changes',
        (SELECT coalesce(json_agg(json_build_array(c.seq::text, c.districts_before, c.districts_after) ORDER BY c.seq), '[]')
         FROM user_scope_changes c WHERE c.user_id = u.id))
       FROM users u WHERE u.id = ${userId}::uuid)`;

/** `scopeHistoryColumn`'s value (`current` undefined: no such user in the snapshot). */
export type ReadScopeHistory = Omit<ScopeHistory, 'current'> & { readonly current: DistrictSet | undefined };

export function decodeScopeHistory(
  value: { current: string[] | null; changes: [string, string[] | null, string[] | null][] } | null | undefined,
): ReadScopeHistory {
  if (!value) return { current: undefined, changes: [] };
  return {
    current: value.current,
    changes: value.changes.map(([seq, before, after]) => ({ seq: Number(seq), before, after })),
  };
}

/**
 * The user's districts and their logged changes, read in the caller's snapshot (`current` undefined:
 * no such user in it).
 */
export async function readScopeHistory(executor: Executor, userId: string): Promise<ReadScopeHistory> {
  const row = await queryRow<{ history: Parameters<typeof decodeScopeHistory>[0] }>(
    executor,
    sql`SELECT ${scopeHistoryColumn(userId)} AS history`,
  );
  return decodeScopeHistory(row?.history);
}
