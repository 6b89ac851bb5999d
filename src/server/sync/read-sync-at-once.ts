import { type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { confirmSession, type SessionToCheck, SessionUnchecked, sessionCheckSql } from '../auth/session-check.js';
import type { SessionRow } from '../auth/session-store.js';
import { queryRow } from '../db/server-database.js';
import { encodeCursor, type FeedPosition } from './cursor.js';
import { beyondHorizon } from './purge.js';
import { encodedPageSql, encodePage, type PageRow } from './read-page.js';
import type { SyncReadDeps, SyncReadRequest, SyncReadResult } from './read-sync.js';
import { scopeStanding } from './scope-catch-up.js';
import { sameDistricts } from './scope-changes.js';
import { decodeSnapshotFacts, snapshotFactsColumns } from './snapshot-facts.js';
import { ident } from './sql-helpers.js';

/**
 * The everyday sync read in one statement: the snapshot's facts and the pages of the collections this
 * process has seen change after the device's cursors, together, so one statement's snapshot does what
 * a repeatable-read transaction does for `readSync` — without its begin and commit, and without a round
 * trip between the facts and the pages (each statement costs the server and the database a wake-up;
 * 4 became 1 on the busiest path).
 *
 * It is taken only when what it guessed before reading holds in the snapshot it read, and otherwise
 * answers undefined and the caller reads as before (nothing of this attempt is used):
 * - every cursor is a plain feed position (no seed-style time, no district catch-up under way, not the
 *   first download), and no totals are asked for;
 * - the collections it read are all that changed after their cursors (the guess comes from the latest
 *   seqs this process saw — a commit of another server process is caught by the snapshot's own);
 * - the user's districts are those of the session and no change of them is newer than a cursor;
 * - everything waiting fits in the request's limit (then no collection stops the page part way).
 * A cursor older than the purge horizon is answered RESYNC, as `readSync` answers it.
 */
export async function readSyncAtOnce(
  deps: SyncReadDeps,
  request: SyncReadRequest,
  defs: readonly EntityDef[],
  session?: SessionToCheck,
): Promise<SyncReadResult | undefined> {
  const plan = planReadAtOnce(deps, request, defs, new Set(), session);
  if (!plan) {
    // The read in a snapshot does not read the session: it is looked up first.
    if (session) throw new SessionUnchecked();
    return undefined;
  }
  return plan.finish(await queryRow<Record<string, unknown>>(deps.database.db, plan.statement));
}

/** The one statement of a read at once, and what makes the answer of its row (undefined: read as before). */
export interface ReadAtOnce {
  readonly statement: SQL;
  readonly finish: (row: Record<string, unknown> | undefined) => SyncReadResult | undefined;
}

/**
 * Builds the read at once, or answers undefined when its guess cannot be made. `alsoRead`: types to read
 * whatever this process has seen of them — a push about to commit in the same round trip changes them
 * (its own records are skipped by the clientId, but the snapshot's latest seq moves past the cursor).
 * `session`: the request's session went on unchecked; the statement reads it too, and `finish` throws
 * `SessionUnchecked` unless it is the same (see session-check.ts).
 */
export function planReadAtOnce(
  deps: SyncReadDeps,
  request: SyncReadRequest,
  defs: readonly EntityDef[],
  alsoRead: ReadonlySet<string> = new Set(),
  session?: SessionToCheck,
): ReadAtOnce | undefined {
  if (request.totals) return undefined;
  const positions = new Map<string, number>();
  for (const def of defs) {
    const position = request.positions.get(def.collection);
    if (!isPlainSeq(position)) return undefined;
    positions.set(def.name, position.seq);
  }
  const seqOf = (def: EntityDef) => positions.get(def.name) ?? 0;
  // Before this process has seen a collection's latest seq it cannot guess: the snapshot read learns it.
  if (defs.some((def) => deps.feed.latestOf(def.name) === undefined)) return undefined;
  const changed = defs.filter((def) => seqOf(def) < (deps.feed.latestOf(def.name) ?? 0) || alsoRead.has(def.name));
  const oldest = Math.min(...changed.map(seqOf));
  // At most this many changes wait (one seq each): more, and a page would stop part way.
  if (changed.length > 0 && deps.feed.head - oldest > request.limit) return undefined;

  const pages = changed.map((def) =>
    encodedPageSql(deps.model, request.format, {
      def,
      user: request.user,
      position: { seq: seqOf(def) },
      limit: request.limit,
      ...(request.clientId ? { clientId: request.clientId } : {}),
    }),
  );
  const finish = (row: Record<string, unknown> | undefined): SyncReadResult | undefined => {
    if (session) confirmSession(session, row?.session as SessionRow | null | undefined);
    const facts = decodeSnapshotFacts(defs, row as Parameters<typeof decodeSnapshotFacts>[1]);
    deps.feed.observe(facts.head);
    deps.feed.observeLatest(facts.latest);
    const stale = beyondHorizon(request.positions, facts.purgeMark);
    if (stale) return { stale, changes: [], cursors: {}, hasMore: false, removals: [], readIn: 'one-statement' };

    const { history } = facts;
    if (history.current === undefined || !sameDistricts(history.current, request.user.districtIds)) return undefined;
    const scoped = { ...history, current: history.current };
    for (const def of defs) {
      if (deps.model.isUnitScoped(def) && scopeStanding(scoped, { seq: seqOf(def) })?.catchUp) return undefined;
    }
    // A collection it did not read changed after all (another process wrote it).
    if (defs.some((def) => !changed.includes(def) && (facts.latest.get(def.name) ?? 0) > seqOf(def))) return undefined;

    const changes: string[] = [];
    let remaining = request.limit;
    for (const [i, def] of changed.entries()) {
      const page = encodePage(def.collection, request.format, remaining, pageRow(row, i));
      if (page.hasMore) return undefined;
      if (page.count > 0) changes.push(page.json);
      remaining -= page.count;
    }
    // Everything up to the snapshot's head was read: every cursor moves to it.
    const cursors: Record<string, string> = {};
    for (const def of defs) cursors[def.collection] = encodeCursor(facts.head, deps.epoch);
    return { changes, cursors, hasMore: false, removals: [], readIn: 'one-statement' };
  };
  return { statement: oneStatement(defs, request, pages, session), finish };
}

function isPlainSeq(position: FeedPosition | undefined): position is { seq: number } {
  return position !== undefined && position.after === undefined && position.scope === undefined && position.seq > 0;
}

/** `SELECT <facts>, p0.n AS p0_n, … FROM (<page 0>) p0 CROSS JOIN (<page 1>) p1 …` (each page is one row). */
function oneStatement(
  defs: readonly EntityDef[],
  request: SyncReadRequest,
  pages: readonly SQL[],
  session: SessionToCheck | undefined,
): SQL {
  const facts = session
    ? sql`${snapshotFactsColumns(defs, request.user.id)}, ${sessionCheckSql(session)} AS session`
    : snapshotFactsColumns(defs, request.user.id);
  if (pages.length === 0) return sql`SELECT ${facts}`;
  const columns = pages.map((_, i) =>
    sql.raw(`p${i}.n AS p${i}_n, p${i}.last_seq AS p${i}_last_seq, p${i}.x AS p${i}_x`),
  );
  const from = sql.join(
    pages.map((page, i) => sql`(${page}) ${ident(`p${i}`)}`),
    sql` CROSS JOIN `,
  );
  return sql`SELECT ${facts}, ${sql.join(columns, sql`, `)} FROM ${from}`;
}

function pageRow(row: Record<string, unknown> | undefined, i: number): PageRow {
  return {
    n: Number(row?.[`p${i}_n`] ?? 0),
    last_seq: (row?.[`p${i}_last_seq`] as string | null | undefined) ?? null,
    x: (row?.[`p${i}_x`] as string | null | undefined) ?? null,
  };
}
