import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Result } from '../../../shared/errors.js';
import type { WireRecord } from '../../../shared/protocol/records.js';
import type { OpResult } from '../../../shared/protocol/sync.js';
import { checkWireRecord } from '../codec/wire-record-check.js';
import type { StoredRow } from '../entity-statements.js';
import type { OutboxRow } from '../outbox/outbox-repository.js';
import { rebaseRecordOps } from '../outbox/rebase-record-ops.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';
import { applyRemoteToPending } from './apply-remote-to-pending.js';
import { type ApplyStats, emptyStats } from './apply-stats.js';

/** Applies the server's answers to pushed ops in one transaction (see `applyOpResultsInTransaction`). */
export function applyOpResults(parts: StoreParts, results: readonly OpResult[]): Result<ApplyStats> {
  return parts.ctx.transact(`applyOpResults(${results.length})`, () => {
    const stats = emptyStats();
    applyOpResultsInTransaction(parts, results, stats);
    return stats;
  });
}

/**
 * - `applied` / `duplicate`: the op leaves the outbox; the row's base becomes the server's new version
 *   (its old base plus the op's changes) and is synced once no op of it remains.
 * - `conflict`: the server record is merged three-way into the row and the record's ops are rebased
 *   on it under a fresh opId (the old one would only replay the conflict).
 * - `rejected`: the op waits for the officer (`needs_attention`) with the server's reason.
 * Results for ops no longer queued are counted and ignored, so replaying results is harmless.
 */
export function applyOpResultsInTransaction(parts: StoreParts, results: readonly OpResult[], stats: ApplyStats): void {
  for (const result of results) {
    const op = parts.outbox.byOpId(result.opId);
    if (!op) {
      stats.unknownResults++;
      continue;
    }
    const def = parts.ctx.defOrThrow(op.entity);
    const row = parts.ctx.statements(def).get(op.recordId);
    switch (result.status) {
      case 'applied':
      case 'duplicate':
        acknowledge(parts, def, op, row, result.version, result.updatedAt);
        stats.acked++;
        break;
      case 'conflict':
        conflicted(parts, def, op, row, result.server, stats);
        break;
      case 'rejected':
        parts.outbox.update(op.seq, { state: 'needs_attention', lastError: result.error, nextAttemptAt: null });
        stats.rejected++;
        break;
      default:
        fail({
          code: 'SERVER',
          message: 'The server answered an operation with an unknown status',
          detail: JSON.stringify(result),
        });
    }
  }
}

function acknowledge(
  parts: StoreParts,
  def: EntityDef,
  op: OutboxRow,
  row: StoredRow | undefined,
  version: number,
  updatedAt: string,
): void {
  parts.outbox.remove([op.seq]);
  if (!row) return;
  let next = row;
  if (row.version === null || version > row.version) {
    const base = op.kind === 'delete' ? row.base : { ...(row.base ?? {}), ...(op.changes ?? {}) };
    next = { ...row, version, updatedAt, base, baseVersion: version };
  }
  const rest = parts.outbox.opsOf(def.name, row.id);
  if (rest.length === 0) next = { ...next, localState: 'synced', base: null, baseVersion: null };
  parts.ctx.statements(def).write(next);
  // Later edits of the record were queued on top of this op: they now start from its version.
  for (const later of rest) {
    if (later.baseVersion !== next.baseVersion) parts.outbox.update(later.seq, { baseVersion: next.baseVersion });
  }
}

function conflicted(
  parts: StoreParts,
  def: EntityDef,
  op: OutboxRow,
  row: StoredRow | undefined,
  server: WireRecord,
  stats: ApplyStats,
): void {
  const problem = checkWireRecord(def, server, parts.ctx.statements(def).fastValidator);
  if (problem) fail(problem);
  // The server has seen this opId (with a conflict): whatever is resent must carry a fresh one.
  parts.outbox.update(op.seq, { attempts: Math.max(op.attempts, 1), state: 'pending' });
  if (row?.localState === 'pending') applyRemoteToPending(parts, def, row, server, stats);
  const current = parts.ctx.statements(def).get(op.recordId);
  if (current && parts.outbox.byOpId(op.opId)) rebaseRecordOps(parts, def, current);
}
