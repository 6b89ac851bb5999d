import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRow } from '../db/server-database.js';

const HEAD_ROW = 1;

/** Four base-36 characters, as cursors carry them. */
function newEpoch(): string {
  return Array.from(randomBytes(4), (b) => (b % 36).toString(36)).join('');
}

/** Creates the feed's head row on a new database (with a fresh epoch) and returns the epoch. */
export async function ensureFeedHead(executor: Executor): Promise<string> {
  const epoch = newEpoch();
  await executor.execute(
    sql`INSERT INTO feed_head (id, head, epoch) VALUES (${HEAD_ROW}, 0, ${epoch}) ON CONFLICT (id) DO NOTHING`,
  );
  const row = await queryRow<{ epoch: string }>(executor, sql`SELECT epoch FROM feed_head WHERE id = ${HEAD_ROW}`);
  if (!row) throw new Error('feed_head row missing after insert');
  return row.epoch;
}

/** The highest committed seq as a text column (null without a head row), for composing into one query. */
export const feedHeadColumn = (): SQL => sql`(SELECT head FROM feed_head WHERE id = ${HEAD_ROW})::text`;

/** The head from `feedHeadColumn`'s value. */
export const decodeFeedHead = (value: string | null | undefined): number => (value ? Number(value) : 0);

/** The highest committed seq, as seen by this executor's snapshot. */
export async function readFeedHead(executor: Executor): Promise<number> {
  const row = await queryRow<{ head: string | null }>(executor, sql`SELECT ${feedHeadColumn()} AS head`);
  return decodeFeedHead(row?.head);
}

/**
 * Takes the feed lock — the head row's lock, held to commit — and `count` seqs after the head, which
 * moves past them. Returns the seq before the first one taken. Seqs come from the head itself, under
 * its row lock, so no two transactions take the same seq and seq order is commit order.
 */
export async function takeFeedSeqs(executor: Executor, count: number): Promise<number> {
  const row = await queryRow<{ base: string }>(
    executor,
    sql`UPDATE feed_head SET head = head + ${count}::bigint WHERE id = ${HEAD_ROW} RETURNING (head - ${count}::bigint)::text AS base`,
  );
  if (!row) throw new Error('feed_head row missing');
  return Number(row.base);
}

/**
 * The highest head this process has seen. Heads only grow, so a cursor at or below it is known to be
 * valid without asking the database.
 */
export class FeedState {
  head = 0;
  private readonly latest = new Map<string, number>();

  observe(head: number): void {
    if (head > this.head) this.head = head;
  }

  /** Records the highest seq seen per entity type name (a snapshot's latest seqs, or a commit's stamps). */
  observeLatest(latest: Iterable<readonly [string, number]>): void {
    for (const [name, seq] of latest) if (seq > (this.latest.get(name) ?? -1)) this.latest.set(name, seq);
  }

  /**
   * The highest seq of an entity type this process has seen, or undefined before it has seen any. Only
   * a hint: another process may have written since (a reader that relies on it checks it in its snapshot).
   */
  latestOf(name: string): number | undefined {
    return this.latest.get(name);
  }
}

/**
 * Gives the database a new epoch, after a restore from a backup: every cursor issued before is then
 * refused with RESYNC, so a device that synced after the backup downloads again instead of silently
 * skipping what the restored database writes under seqs it has already passed. Servers must be
 * restarted (each keeps the epoch it read at start). Returns the new epoch.
 */
export async function renewEpoch(executor: Executor): Promise<string> {
  let epoch = newEpoch();
  const old = await queryRow<{ epoch: string }>(executor, sql`SELECT epoch FROM feed_head WHERE id = ${HEAD_ROW}`);
  while (epoch === old?.epoch) epoch = newEpoch();
  await executor.execute(sql`UPDATE feed_head SET epoch = ${epoch} WHERE id = ${HEAD_ROW}`);
  return epoch;
}
