import { type AppError, AppErrorException, err, ok, type Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import {
  type ConflictResolutionRecord,
  MAX_RESOLUTIONS_PER_REQUEST,
  type PushOp,
  type SyncRequest,
  type SyncResponse,
} from '../../shared/protocol/index.js';
import type { Logger } from '../log.js';
import { type OutboxOp, toPushOp } from '../store/index.js';
import type { ProgressUpdate } from './progress.js';
import { takePushBatch } from './push-batch.js';
import type { ReferenceCache } from './reference-cache.js';
import { type Pending, type SyncTransport, sendAhead, sendRequest } from './request-ahead.js';
import type { SyncStore } from './sync-store.js';

export type { SyncTransport } from './request-ahead.js';

/** Running totals of one sync. */
export interface Tally {
  pulled: number;
  pushed: number;
  conflicts: number;
  /** Records this sync expects to pull in all, once the server said how many wait (`totals`). */
  pullTotal?: number;
}

export interface RoundsContext {
  readonly store: SyncStore;
  readonly api: SyncTransport;
  readonly cache: ReferenceCache;
  readonly signal: AbortSignal;
  readonly tally: Tally;
  readonly report: (update: ProgressUpdate) => void;
  readonly log: Logger;
  /** Operations per request (the server accepts at most `MAX_PUSH_BATCH`). */
  readonly pushBatchSize?: number;
  /** Serialized size a push batch stays under, well inside the server's body limit. */
  readonly pushBatchBytes?: number;
  /** Records per response page; the server caps it anyway. */
  readonly pageLimit?: number;
  /** Requests that carry operations, per sync: bounds a rebase loop against a busy record. */
  readonly maxPushRounds?: number;
}

/**
 * The rounds of one sync over `POST /api/sync`: each request carries the ready outbox batch and the
 * cursors, so an up-to-date client syncs in one request and a typical incremental sync (a few local
 * edits, a few dozen remote changes) in one or two. Each response is committed before the next is
 * applied — results first, then the page with its cursors in one transaction — so a cut or a crash
 * resumes from the last committed page. While a page is being applied, the request for the next one
 * is already on the wire (its cursors are known from the response), keeping at most two pages in
 * memory while the server and the client work in parallel.
 */
export async function runRounds(ctx: RoundsContext): Promise<Result<void>> {
  const { store } = ctx;
  for (let restarts = 0; ; restarts++) {
    if (store.resyncInProgress()) {
      // Started by this sync or an earlier one that was cut: a full download, nothing pushed meanwhile.
      ctx.report({ resync: true });
      const pulled = await runPass(ctx, 'resync');
      if (!pulled.ok) {
        if (pulled.error.code === 'RESYNC' && restarts < MAX_RESYNC_RESTARTS) {
          restartDownload(ctx, pulled.error);
          continue;
        }
        return pulled;
      }
      const finished = store.finishResync();
      if (!finished.ok) return finished;
      ctx.log.info('re-download complete', { removed: finished.value.removed });
    }
    const synced = await runPass(ctx, 'sync');
    if (!synced.ok && synced.error.code === 'RESYNC' && restarts < MAX_RESYNC_RESTARTS) {
      restartDownload(ctx, synced.error);
      continue;
    }
    return synced;
  }
}

/** Re-downloads one sync starts before it gives up (a server answering RESYNC again and again). */
const MAX_RESYNC_RESTARTS = 2;

/**
 * The server does not have the history this copy's cursors point into (its database was restored from a
 * backup or reset, or the cursors are older than its purge horizon): download everything again.
 */
function restartDownload(ctx: RoundsContext, error: AppError): void {
  ctx.log.warn(`the server asks for a download from scratch: ${error.message}`);
  const begun = ctx.store.beginResync();
  if (!begun.ok) throw new AppErrorException(begun.error);
}

/**
 * One pass of requests until the server has nothing more: `sync` pushes the outbox and pulls from the
 * cursors; `resync` pulls every collection from where the re-download got to and pushes nothing (the
 * edits go once the copy is whole again, rebased as usual), without a client id, so records this
 * computer wrote last come back too.
 */
async function runPass(ctx: RoundsContext, mode: 'sync' | 'resync'): Promise<Result<void>> {
  const { store } = ctx;
  const resync = mode === 'resync';
  const clientId = resync ? undefined : store.clientId();
  const all = ctx.cache.allCollections();
  let cursors: Readonly<Record<string, string | null>> = { ...store.getCursors() };
  let collections = resync ? all : ctx.cache.collections(store.lastSyncedAt());
  let ahead: Pending | undefined;
  let pushRounds = 0;
  let retriedWithAll = false;
  let askTotals = true;
  const request = (
    from: Readonly<Record<string, string | null>>,
    push: readonly PushOp[],
    resolutions: readonly ConflictResolutionRecord[] = [],
  ): SyncRequest => ({
    cursors: Object.fromEntries(collections.map((c) => [c, from[c] ?? null])),
    // The first request of a sync asks how much waits, for "of N" and time left; later pages do not.
    ...(askTotals ? { totals: true } : {}),
    // Naming the collections makes the server leave the others unread (absent cursors mean "from 0").
    ...(collections.length < all.length ? { collections } : {}),
    ...(push.length > 0 ? { push } : {}),
    // Hand resolutions travel with the push that carries their edits (idempotent by id on the server).
    ...(resolutions.length > 0 ? { resolutions } : {}),
    ...(clientId ? { clientId } : {}),
    ...(ctx.pageLimit ? { limit: ctx.pageLimit } : {}),
  });

  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (ctx.signal.aborted) return err(cancelled());
      let ops: readonly OutboxOp[] = [];
      let pending = ahead;
      ahead = undefined;
      if (!pending) {
        ops =
          !resync && pushRounds < maxPushRounds(ctx) ? takePushBatch(store, ctx.pushBatchSize, ctx.pushBatchBytes) : [];
        if (ops.length > 0) {
          pushRounds++;
          store.markInFlight(ops.map((o) => o.opId));
        }
        const resolutions = store.unsentResolutions(MAX_RESOLUTIONS_PER_REQUEST);
        pending = sendRequest(ctx.api, ctx.signal, request(cursors, ops.map(toPushOp), resolutions));
        askTotals = false;
      }
      const res = await pending.response;
      if (!res.ok) {
        // RESYNC is answered before the push is applied: `beginResync` puts the ops back without a failure.
        if (res.error.code !== 'RESYNC') releaseOps(ctx, ops, res.error);
        return res;
      }
      const answered = onlyRequested(res.value, collections);
      if (answered.ignored) {
        // The server read collections we left out from the beginning: drop that, ask for all from now on.
        ctx.log.info('the server does not honour partial cursor sets: asking for every collection from now on');
        ctx.cache.unsupported();
        collections = all;
      }
      const page = answered.page;
      const next = { ...cursors, ...page.cursors };
      if (page.hasMore && page.changes.length === 0 && sameCursors(cursors, next)) {
        return err({ code: 'SERVER', message: 'The server announced more changes but did not move on.' });
      }
      if (page.hasMore) ahead = await sendAhead(ctx.api, ctx.signal, request(next, []));
      const applied = applyResponse(ctx, page);
      if (!applied.ok) {
        ahead?.abort();
        ahead = undefined;
        // Nothing of the response was kept, results included: the ops go back to the queue.
        releaseOps(ctx, ops, applied.error);
        // A page can reference a parent in a collection the cache left out: ask again with all.
        if (applied.error.code === 'MISSING_PARENT' && !retriedWithAll && collections.length < all.length) {
          retriedWithAll = true;
          ctx.log.info('a page referenced a parent the reference cache left out: asking again with every collection');
          ctx.cache.invalidate();
          collections = all;
          continue;
        }
        return applied;
      }
      cursors = next;
      if (page.hasMore) continue;
      if (resync || !(pushRounds < maxPushRounds(ctx) && store.readyOps(1).length > 0)) {
        if (collections.length === all.length) ctx.cache.refreshed();
        return ok(undefined);
      }
      ctx.report({ phase: 'push', total: store.outboxCounts().pending });
    }
    return err({ code: 'INTERNAL', message: `Sync stopped after ${MAX_ROUNDS} requests.` });
  } finally {
    ahead?.abort();
  }
}

/** A hard bound on requests per sync (a full first sync of the reference deployment needs well under 1,000). */
const MAX_ROUNDS = 100_000;

function maxPushRounds(ctx: RoundsContext): number {
  return ctx.maxPushRounds ?? 20;
}

function sameCursors(a: Readonly<Record<string, string | null>>, b: Readonly<Record<string, string | null>>): boolean {
  return Object.keys(b).every((k) => a[k] === b[k]);
}

/** Results, records and cursors of one response, in one store transaction. */
function applyResponse(ctx: RoundsContext, page: SyncResponse): Result<void> {
  const applied = ctx.store.applyServerPage({
    changes: page.changes,
    cursors: page.cursors,
    // Only a complete sync counts as "last synced"; a page in the middle leaves the time as it was.
    ...(page.hasMore ? {} : { syncedAt: page.serverTime }),
    results: page.results,
    ...(page.resolutionResults ? { resolutionResults: page.resolutionResults } : {}),
    ...(page.removals ? { removals: page.removals } : {}),
  });
  if (!applied.ok) return err(serverFault(applied.error));
  if (page.totals) {
    // Counted before this page, in the snapshot it was read from: what this sync has, plus what waits.
    const waiting = Object.values(page.totals).reduce((sum, n) => sum + n, 0);
    ctx.tally.pullTotal = ctx.tally.pulled + waiting;
  }
  ctx.log.debug('page applied', {
    records: page.changes.reduce((n, c) => n + c.items.length, 0),
    acked: applied.value.acked,
    conflicts: applied.value.conflicts,
    hasMore: page.hasMore,
  });
  ctx.tally.pushed += applied.value.acked;
  ctx.tally.conflicts += applied.value.conflicts;
  for (const change of page.changes) ctx.tally.pulled += change.items.length;
  const last = page.changes.at(-1)?.collection;
  ctx.report({
    pulled: ctx.tally.pulled,
    pushed: ctx.tally.pushed,
    done: ctx.tally.pulled,
    ...(ctx.tally.pullTotal === undefined ? {} : { total: ctx.tally.pullTotal }),
    ...(last ? { collection: last } : {}),
  });
  return ok(undefined);
}

/** The response without collections that were not asked about (a server that reads absent cursors from 0). */
function onlyRequested(page: SyncResponse, requested: readonly string[]): { page: SyncResponse; ignored: boolean } {
  const asked = new Set(requested);
  const ignored = Object.keys(page.cursors).some((c) => !asked.has(c));
  if (!ignored) return { page, ignored };
  return {
    ignored,
    page: {
      ...page,
      changes: page.changes.filter((c) => asked.has(c.collection)),
      cursors: Object.fromEntries(Object.entries(page.cursors).filter(([c]) => asked.has(c))),
      ...(page.totals ? { totals: Object.fromEntries(Object.entries(page.totals).filter(([c]) => asked.has(c))) } : {}),
      ...(page.removals ? { removals: page.removals.filter((r) => asked.has(r.collection)) } : {}),
    },
  };
}

/** Ops whose request failed (or whose answer could not be kept) back off and are retried later. */
function releaseOps(ctx: RoundsContext, ops: readonly OutboxOp[], error: AppError): void {
  if (ops.length === 0) return;
  ctx.log.info(`${ops.length} operation(s) go back to the outbox to be retried: ${error.code}`);
  ctx.store.failOps(
    ops.map((o) => o.opId),
    error,
  );
}

/** A record the store refused is the server's fault: say so, keeping which record and field. */
function serverFault(error: AppError): AppError {
  if (error.code !== 'VALIDATION' && error.code !== 'UNKNOWN_ENTITY') return error;
  return {
    ...error,
    code: 'SERVER',
    message: 'The server sent a record the app could not understand.',
    detail: error.message,
  };
}

function cancelled(): AppError {
  return officerError('CANCELLED', text('errors:sync.cancelled'));
}
