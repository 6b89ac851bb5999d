import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Result } from '../../../shared/errors.js';
import type { WireRecord } from '../../../shared/protocol/records.js';
import type { OpResult } from '../../../shared/protocol/sync.js';
import { checkWireRecord } from '../codec/wire-record-check.js';
import { rethrowParentError } from '../parent-check.js';
import { fail } from '../store-context.js';
import { saveCursors } from '../store-meta.js';
import type { StoreParts } from '../store-parts.js';
import { applyOpResultsInTransaction } from './apply-op-results.js';
import { applyRemoteToPending } from './apply-remote-to-pending.js';
import { type ApplyStats, emptyStats } from './apply-stats.js';

/** One page of a sync response, as the store applies it. */
export interface ServerPage {
  readonly changes: readonly { readonly collection: string; readonly items: readonly WireRecord[] }[];
  /** Cursors to store with the page (same transaction), by collection. */
  readonly cursors?: Readonly<Record<string, string>>;
  /** Server time of a completed sync: recorded as the last sync of the cursors' collections. */
  readonly syncedAt?: string;
  /** The push results of the same response; applied first, as the server applied the push first. */
  readonly results?: readonly OpResult[];
}

/**
 * Applies a page in one transaction: push results, then every collection parents first, then the
 * cursors — all or nothing, so a crash or a bad record never leaves half a page or a cursor ahead of
 * its data. Idempotent: versions only move forward, so replaying a page changes nothing.
 */
export function applyServerPage(parts: StoreParts, page: ServerPage): Result<ApplyStats> {
  const records = page.changes.reduce((n, group) => n + group.items.length, 0);
  return parts.ctx.transact(`applyServerPage(${records} records)`, () => {
    const stats = emptyStats();
    if (page.results && page.results.length > 0) applyOpResultsInTransaction(parts, page.results, stats);
    const groups = page.changes.map((group) => {
      const def = parts.ctx.graph.resolveCollection(group.collection);
      if (!def.ok) fail(def.error);
      return { def: def.value, items: group.items };
    });
    groups.sort((a, b) => parts.ctx.topoIndex(a.def.name) - parts.ctx.topoIndex(b.def.name));
    for (const group of groups) applyCollection(parts, group.def, group.items, stats);
    if (page.cursors) saveCursors(parts.ctx, page.cursors, page.syncedAt);
    return stats;
  });
}

/** The hot loop: one prepared upsert per record, the merge path only for rows with pending edits. */
function applyCollection(parts: StoreParts, def: EntityDef, items: readonly WireRecord[], stats: ApplyStats): void {
  if (items.length === 0) return;
  const statements = parts.ctx.statements(def);
  const pending = statements.pendingIds();
  for (const item of items) {
    const problem = checkWireRecord(def, item, statements.fastValidator);
    if (problem) fail(problem);
    if (pending.has(item.id)) {
      const row = statements.get(item.id);
      if (row?.localState === 'pending') {
        applyRemoteToPending(parts, def, row, item, stats);
        continue;
      }
    }
    if (item.deleted) {
      if (statements.tombstoneSynced(item.id, item.version, item.updatedAt)) stats.deleted++;
      else stats.skipped++;
      continue;
    }
    let wrote: boolean;
    try {
      wrote = statements.upsertSynced(item);
    } catch (error) {
      rethrowParentError(parts.ctx, def, item.id, item, error);
    }
    if (wrote) stats.applied++;
    else stats.skipped++;
  }
}
