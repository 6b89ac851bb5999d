import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { type Executor, queryRow } from '../db/server-database.js';
import { decodeLatestSeqs, latestSeqsColumn } from './changed-collections.js';
import { decodeFeedHead, feedHeadColumn } from './feed-head.js';
import { decodePurgeMark, type PurgeMark, purgeMarkColumn } from './purge.js';
import { decodeScopeHistory, type ReadScopeHistory, scopeHistoryColumn } from './scope-changes.js';

/** What a sync read needs to know about its snapshot before it reads a page. */
export interface SnapshotFacts {
  readonly head: number;
  readonly purgeMark: PurgeMark;
  readonly history: ReadScopeHistory;
  /** The highest seq per entity type name (records and scope exits). */
  readonly latest: ReadonlyMap<string, number>;
}

type FactsRow = {
  head: string | null;
  mark: Parameters<typeof decodePurgeMark>[0];
  history: Parameters<typeof decodeScopeHistory>[0];
  latest: Parameters<typeof decodeLatestSeqs>[1] | null;
};

/**
 * The select list of the facts (`head`, `mark`, `history`, `latest`), for composing into one statement
 * with what the sync reads next (see `read-sync-at-once.ts`).
 */
export function snapshotFactsColumns(defs: readonly EntityDef[], userId: string): SQL {
  return sql`${feedHeadColumn()} AS head, ${purgeMarkColumn()} AS mark, ${scopeHistoryColumn(userId)} AS history,
          ${latestSeqsColumn(defs)} AS latest`;
}

/** The facts from a row that selected `snapshotFactsColumns`. */
export function decodeSnapshotFacts(defs: readonly EntityDef[], row: FactsRow | undefined): SnapshotFacts {
  return {
    head: decodeFeedHead(row?.head),
    purgeMark: decodePurgeMark(row?.mark),
    history: decodeScopeHistory(row?.history),
    latest: decodeLatestSeqs(defs, row?.latest ?? undefined),
  };
}

/**
 * The feed head, the purge mark, the user's districts with their history and every collection's latest
 * seq, in one round trip: each part is owned (and read alone) by its own module; a sync asks for them
 * together because every statement is a round trip to the database on the busiest path of the server.
 */
export async function readSnapshotFacts(
  executor: Executor,
  defs: readonly EntityDef[],
  userId: string,
): Promise<SnapshotFacts> {
  const row = await queryRow<FactsRow>(executor, sql`SELECT ${snapshotFactsColumns(defs, userId)}`);
  return decodeSnapshotFacts(defs, row);
}
