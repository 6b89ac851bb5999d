import { isDeepStrictEqual } from 'node:util';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Result } from '../../../shared/errors.js';
import type { WireRecord } from '../../../shared/protocol/records.js';
import type { OpResult } from '../../../shared/protocol/sync.js';
import { checkWireRecord } from '../codec/wire-record-check.js';
import type { StoredRow } from '../entity-statements.js';
import type { OutboxRow } from '../outbox/outbox-repository.js';
import { rebaseRecordOps } from '../outbox/rebase-record-ops.js';
import type { SentContent } from '../schema/sync-tables.js';
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
 *   (its old base plus the op's changes) and is synced once no op of it remains. A `duplicate` whose
 *   version only an earlier content of the op could have produced (sent, answer lost, then rebased
 *   over a pulled version) means that earlier content was applied, before the versions merged since:
 *   see `supersededByLaterVersions`.
 * - `conflict`: nothing of the op was applied; the server record is merged three-way into the row and
 *   the record's ops are rebased on it (same opId: the server released it with the conflict).
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
      case 'duplicate': {
        const earlier = result.status === 'duplicate' ? earlierContentApplied(op, result.version) : undefined;
        if (earlier && row?.base) supersededByLaterVersions(parts, def, op, row, earlier);
        else acknowledge(parts, def, op, row, result.version, result.updatedAt);
        stats.acked++;
        break;
      }
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

/** The version the server gives a record when it applies this content. */
function versionAfter(content: SentContent): number {
  return content.baseVersion === null ? 1 : content.baseVersion + 1;
}

/**
 * The content sent earlier under this opId that produced `version`, when the op's current content
 * could not have (it is based on a later version): `undefined` when the current content was applied.
 */
function earlierContentApplied(op: OutboxRow, version: number): SentContent | undefined {
  const current: SentContent = { kind: op.kind, baseVersion: op.baseVersion, changes: op.changes ?? null };
  if (versionAfter(current) === version) return undefined;
  return (op.sent ?? []).find(
    (s) => s.kind === 'upsert' && !isDeepStrictEqual(s, current) && versionAfter(s) === version,
  );
}

/**
 * An earlier content of the op was applied at a version the row has already merged past (its answer
 * was lost; a pull then brought a later version and the op was rebased on it). The server applied the
 * edit once, and the later versions came after it: a field still holding the value that was applied
 * takes the server's value at the row's base, exactly as if the answer had arrived before the pull.
 * Edits made since that send stay queued, rebased as one op.
 */
function supersededByLaterVersions(
  parts: StoreParts,
  def: EntityDef,
  op: OutboxRow,
  row: StoredRow,
  applied: SentContent,
): void {
  parts.outbox.remove([op.seq]);
  const fields = { ...row.fields };
  for (const [field, value] of Object.entries(applied.changes ?? {})) {
    if (row.base && field in row.base && isDeepStrictEqual(fields[field], value)) fields[field] = row.base[field];
  }
  const next: StoredRow = { ...row, fields };
  parts.ctx.statements(def).write(next);
  rebaseRecordOps(parts, def, next);
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
  // Nothing sent under this opId was applied, nor can be: the server is past every base it was sent on.
  parts.outbox.update(op.seq, { state: 'pending', sent: null });
  if (row?.localState === 'pending') applyRemoteToPending(parts, def, row, server, stats);
  const current = parts.ctx.statements(def).get(op.recordId);
  if (current && parts.outbox.byOpId(op.opId)) rebaseRecordOps(parts, def, current);
}
