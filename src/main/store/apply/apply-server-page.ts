import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Result } from '../../../shared/errors.js';
import type { WireRecord } from '../../../shared/protocol/records.js';
import type { ResolutionResult } from '../../../shared/protocol/resolutions.js';
import type { OpResult, ScopeRemovals } from '../../../shared/protocol/sync.js';
import { checkWireRecord } from '../codec/wire-record-check.js';
import { applyResolutionResultsInTransaction } from '../conflicts/resolution-history.js';
import { missingParentError } from '../parent-check.js';
import { fail, type StoreContext } from '../store-context.js';
import { saveCursors } from '../store-meta.js';
import type { StoreParts } from '../store-parts.js';
import { applyOpResultsInTransaction } from './apply-op-results.js';
import { applyRemoteToPending } from './apply-remote-to-pending.js';
import { applyScopeRemovals } from './apply-scope-removals.js';
import { type ApplyStats, emptyStats } from './apply-stats.js';
import { markReceived, resyncStartedAt } from './resync.js';

/** One page of a sync response, as the store applies it. */
export interface ServerPage {
  readonly changes: readonly { readonly collection: string; readonly items: readonly WireRecord[] }[];
  /** Cursors to store with the page (same transaction), by collection. */
  readonly cursors?: Readonly<Record<string, string>>;
  /** Server time of a completed sync: recorded as the last sync of the cursors' collections. */
  readonly syncedAt?: string;
  /** The push results of the same response; applied first, as the server applied the push first. */
  readonly results?: readonly OpResult[];
  /** The answers to the conflict resolutions the same request carried (`SyncRequest.resolutions`). */
  readonly resolutionResults?: readonly ResolutionResult[];
  /** Records the user may no longer see: let go before the changes (see `applyScopeRemovals`). */
  readonly removals?: readonly ScopeRemovals[];
}

/**
 * Applies a page in one transaction: push results, then records the user may no longer see (removals),
 * then every collection parents first, then the cursors — all or nothing, so a crash or a bad record never leaves half a page or a cursor ahead of
 * its data. Idempotent: versions only move forward, so replaying a page changes nothing.
 */
export function applyServerPage(parts: StoreParts, page: ServerPage): Result<ApplyStats> {
  const records = page.changes.reduce((n, group) => n + group.items.length, 0);
  return withParentsCheckedHere(parts.ctx, () =>
    parts.ctx.transact(`applyServerPage(${records} records)`, () => {
      const stats = emptyStats();
      // During a re-download from scratch the server's records replace this copy's, and what arrived
      // is remembered so that the rows it did not send can go when it completes (`finishResync`).
      const resync = resyncStartedAt(parts.ctx) !== null;
      if (page.results && page.results.length > 0) applyOpResultsInTransaction(parts, page.results, stats);
      if (page.removals && page.removals.length > 0) applyScopeRemovals(parts, page.removals, stats);
      if (page.resolutionResults) applyResolutionResultsInTransaction(parts, page.resolutionResults);
      const groups = page.changes.map((group) => {
        const def = parts.ctx.graph.resolveCollection(group.collection);
        if (!def.ok) fail(def.error);
        return { def: def.value, items: group.items };
      });
      groups.sort((a, b) => parts.ctx.topoIndex(a.def.name) - parts.ctx.topoIndex(b.def.name));
      for (const group of groups) {
        applyCollection(parts, group.def, group.items, stats, resync);
        if (resync) {
          markReceived(
            parts.ctx,
            group.def,
            group.items.map((item) => item.id),
          );
        }
      }
      if (page.cursors) saveCursors(parts.ctx, page.cursors, page.syncedAt);
      return stats;
    }),
  );
}

/**
 * Runs a page with SQLite's own foreign-key checks off, because `applyCollection` checks parents
 * itself: SQLite would look the parent up for every row, while children of one parent arrive
 * together, so checking each distinct parent once per page saves a quarter of the pull's time. The
 * pragma is per connection and only changes outside a transaction (nested calls keep SQLite's checks
 * as well); it is back on before anything else can write.
 */
function withParentsCheckedHere<T>(ctx: StoreContext, work: () => T): T {
  if (ctx.sqlite.inTransaction) return work();
  ctx.sqlite.pragma('foreign_keys = OFF');
  try {
    return work();
  } finally {
    ctx.sqlite.pragma('foreign_keys = ON');
  }
}

/** The hot loop: one prepared upsert per record, the merge path only for rows with pending edits. */
function applyCollection(
  parts: StoreParts,
  def: EntityDef,
  items: readonly WireRecord[],
  stats: ApplyStats,
  replace: boolean,
): void {
  if (items.length === 0) return;
  const statements = parts.ctx.statements(def);
  const pending = statements.pendingIds();
  const parents = parentChecks(parts.ctx, def);
  for (const item of items) {
    const problem = checkWireRecord(def, item, statements.fastValidator);
    if (problem) fail(problem);
    if (!item.deleted) for (const checkParent of parents) checkParent(item);
    if (pending.has(item.id)) {
      const row = statements.get(item.id);
      if (row?.localState === 'pending') {
        applyRemoteToPending(parts, def, row, item, stats, replace);
        continue;
      }
    }
    if (item.deleted) {
      if (statements.tombstoneSynced(item.id, item.version, item.updatedAt, replace)) stats.deleted++;
      else stats.skipped++;
      continue;
    }
    if (statements.upsertSynced(item, replace)) stats.applied++;
    else stats.skipped++;
  }
}

/**
 * Per reference of `def`, a check that the referenced parent is in the store (tombstones count, as
 * for SQLite's foreign keys). Each distinct parent is looked up once per page: rows are never removed
 * while a page applies, so a parent once found stays found.
 */
function parentChecks(ctx: StoreContext, def: EntityDef): ((item: WireRecord) => void)[] {
  return def.refs.map((ref) => {
    const parentStatements = ctx.statements(ctx.defOrThrow(ref.entity));
    const present = new Set<string>();
    return (item) => {
      const parentId = item[ref.field];
      if (typeof parentId !== 'string' || present.has(parentId)) return;
      if (parentStatements.isDeleted(parentId) === undefined) {
        fail(missingParentError(def, item.id, ref, parentId, false));
      }
      present.add(parentId);
    };
  });
}
