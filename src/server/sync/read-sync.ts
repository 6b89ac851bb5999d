import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import type { AppError } from '../../shared/errors.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { SyncFormat } from '../../shared/protocol/columns.js';
import type { SessionToCheck } from '../auth/session-check.js';
import type { FollowingStatement } from '../db/pg-transaction.js';
import type { ServerDatabase } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { countChanges } from './count-changes.js';
import { encodeCursor, type FeedPosition } from './cursor.js';
import type { FeedState } from './feed-head.js';
import { beyondHorizon } from './purge.js';
import { readEncodedPage } from './read-page.js';
import { readSnapshot } from './read-snapshot.js';
import { planReadAtOnce, type ReadAtOnce, readSyncAtOnce } from './read-sync-at-once.js';
import { readCatchUp, scopeStanding } from './scope-catch-up.js';
import { readSnapshotFacts } from './snapshot-facts.js';

/** The position without its scope part (the feed reads by seq). */
function plainPosition(position: FeedPosition): FeedPosition {
  return position.after === undefined ? { seq: position.seq } : position;
}

export interface SyncReadRequest {
  readonly user: SessionUser;
  /** Parsed positions by collection (absent: from the beginning) and the cursor strings sent. */
  readonly positions: ReadonlyMap<string, FeedPosition>;
  readonly sent: Readonly<Record<string, string | null>>;
  readonly clientId?: string;
  readonly limit: number;
  readonly format: SyncFormat;
  /** Collections to read (names checked by the caller); absent: every one. */
  readonly collections?: readonly string[];
  /** Count what waits per collection (see `SyncRequest.totals`). */
  readonly totals?: boolean;
}

export interface SyncReadResult {
  /** A position older than the purge horizon (RESYNC): nothing else is read. */
  readonly stale?: AppError;
  /** Per collection with changes, parents first: each entry of the response's `changes` as JSON text. */
  readonly changes: readonly string[];
  readonly cursors: Record<string, string>;
  readonly hasMore: boolean;
  /**
   * Per collection, ids of records the device holds and may no longer see (its user's districts
   * changed): it lets them go, as the first thing of the page (see `scope-catch-up.ts`).
   */
  readonly removals: readonly { readonly collection: string; readonly ids: readonly string[] }[];
  /** Asked for: changes waiting per collection after the request's positions, in this snapshot. */
  readonly totals?: Record<string, number>;
  /** How it was read: in one statement (`read-sync-at-once.ts`) or in a repeatable-read transaction. */
  readonly readIn: 'one-statement' | 'snapshot';
}

export interface SyncReadDeps {
  readonly database: ServerDatabase;
  readonly graph: EntityGraph;
  readonly model: ScopeModel;
  readonly epoch: string;
  readonly feed: FeedState;
}

/**
 * Reads every collection's changes in topological order from one snapshot, under a record cap. When
 * the cap stops a collection, later collections are not read this time (their cursors stay), so a
 * child never arrives before its parent. A drained collection's cursor is the snapshot's head.
 */
export async function readSync(
  deps: SyncReadDeps,
  request: SyncReadRequest,
  ahead?: ReadAhead,
  session?: SessionToCheck,
): Promise<SyncReadResult> {
  const defs = defsOf(deps, request);
  const rows = ahead?.follow.rows;
  if (ahead && rows) return ahead.finish(rows[0]) ?? readInSnapshot(deps, request, defs);
  // With `session` (it went on unchecked) the read at once checks it, or throws `SessionUnchecked`.
  return (await readSyncAtOnce(deps, request, defs, session)) ?? readInSnapshot(deps, request, defs);
}

/**
 * A sync's read built before its push, to travel right after the push's commit in the same round trip
 * (one round trip fewer a sync: measured as 7–11 % of throughput under load). `follow.rows` is set when
 * it ran; `readSync` then finishes it, or reads as before when it did not run or its guess failed.
 */
export interface ReadAhead {
  readonly follow: FollowingStatement;
  readonly finish: ReadAtOnce['finish'];
}

/** The read at once to send with a push of `pushed` types, when one can be guessed (see `planReadAtOnce`). */
export function readAhead(
  deps: SyncReadDeps,
  request: SyncReadRequest,
  pushed: ReadonlySet<string>,
): ReadAhead | undefined {
  const plan = planReadAtOnce(deps, request, defsOf(deps, request), pushed);
  return plan ? { follow: { statement: plan.statement }, finish: plan.finish } : undefined;
}

function defsOf(deps: SyncReadDeps, request: SyncReadRequest): readonly EntityDef[] {
  const wanted = request.collections ? new Set(request.collections) : undefined;
  return wanted ? deps.graph.ordered.filter((def) => wanted.has(def.collection)) : deps.graph.ordered;
}

async function readInSnapshot(
  deps: SyncReadDeps,
  request: SyncReadRequest,
  defs: readonly EntityDef[],
): Promise<SyncReadResult> {
  return readSnapshot(deps.database, async (tx) => {
    const changes: string[] = [];
    const cursors: Record<string, string> = {};
    let remaining = request.limit;
    let hasMore = false;
    const positionOf = (collection: string) => request.positions.get(collection) ?? { seq: 0 };
    // The districts of this snapshot (a change committed after the request read the user is seen with
    // its log entry, or not at all), and their history for devices whose cursors predate a change.
    const { head, purgeMark, history, latest } = await readSnapshotFacts(tx, defs, request.user.id);
    deps.feed.observe(head);
    deps.feed.observeLatest(latest);
    // In the snapshot the pages are read from: a purge that committed before it raised the mark too.
    const stale = beyondHorizon(request.positions, purgeMark);
    if (stale) return { stale, changes: [], cursors: {}, hasMore: false, removals: [], readIn: 'snapshot' };
    const removals: { collection: string; ids: string[] }[] = [];
    const user: SessionUser =
      history.current === undefined
        ? request.user
        : { ...request.user, districtIds: history.current === null ? null : [...history.current] };
    // Read only collections with something after the client's position: an up-to-date client reads nothing.
    const behind = defs.filter((def) => {
      const position = positionOf(def.collection);
      return position.after !== undefined || position.seq < head;
    });
    const scoped = history.current === undefined ? undefined : { ...history, current: history.current };
    const totals = request.totals
      ? await countChanges(
          tx,
          deps.model,
          behind
            .filter((def) => (latest.get(def.name) ?? 0) > positionOf(def.collection).seq)
            .map((def) => ({
              def,
              user,
              position: plainPosition(positionOf(def.collection)),
              ...(request.clientId ? { clientId: request.clientId } : {}),
            })),
        )
      : undefined;
    for (const def of defs) {
      const position = positionOf(def.collection);
      // Not read (or nothing taken) this time: the client keeps the cursor it sent.
      const unchanged = request.sent[def.collection] ?? encodeCursor(position.seq, deps.epoch);
      if (hasMore) {
        cursors[def.collection] = unchanged;
        continue;
      }
      const standing = scoped && deps.model.isUnitScoped(def) ? scopeStanding(scoped, position) : undefined;
      let held = standing?.held ?? 0;
      let caughtUp = false;
      if (standing?.catchUp) {
        const step = await readCatchUp(tx, deps.model, {
          def,
          user,
          seq: position.seq,
          catchUp: standing.catchUp,
          limit: remaining,
          format: request.format,
        });
        if (step.removals.length > 0) removals.push({ collection: def.collection, ids: [...step.removals] });
        if (step.json) changes.push(step.json);
        remaining -= step.count;
        if (step.next) {
          hasMore = true;
          cursors[def.collection] = encodeCursor(position.seq, deps.epoch, step.next);
          continue;
        }
        held = standing.catchUp.target;
        caughtUp = true;
      }
      // Below the change it holds, the cursor says so; at or above it, the plain cursor implies it.
      const cursorAt = (seq: number) => encodeCursor(seq, deps.epoch, held > seq ? { held } : undefined);
      if ((latest.get(def.name) ?? 0) <= position.seq) {
        cursors[def.collection] = cursorAt(head);
        continue;
      }
      const page = await readEncodedPage(tx, deps.model, request.format, {
        def,
        user,
        position: plainPosition(position),
        limit: remaining,
        ...(request.clientId ? { clientId: request.clientId } : {}),
      });
      if (page.count > 0) changes.push(page.json);
      remaining -= page.count;
      hasMore = page.hasMore;
      if (!page.hasMore) cursors[def.collection] = cursorAt(head);
      else if (page.lastSeq !== null) cursors[def.collection] = cursorAt(page.lastSeq);
      else cursors[def.collection] = caughtUp ? cursorAt(position.seq) : unchanged;
    }
    return {
      changes,
      cursors,
      hasMore,
      removals,
      ...(totals && Object.keys(totals).length > 0 ? { totals } : {}),
      readIn: 'snapshot',
    };
  });
}
