import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { StoredRow } from '../entity-statements.js';
import { changedFields } from '../merge/three-way-merge.js';
import type { StoreParts } from '../store-parts.js';

/**
 * After the row's base moved to a new server version (a merge, a conflict answer), replaces every
 * queued op of the record by at most one op: the row's difference from its new base, based on that
 * version. When nothing differs any more, the ops go and the row is synced. An op whose opId the
 * server may already have seen (sent, or in flight) gets a fresh opId: its content changed, and a
 * resend under the old id would only replay the old answer. An op waiting for the officer stays so.
 * Returns the surviving op's id, or `null`.
 */
export function rebaseRecordOps(parts: StoreParts, def: EntityDef, row: StoredRow): string | null {
  const { ctx, outbox } = parts;
  const ops = outbox.opsOf(def.name, row.id);
  const changes = row.deleted ? null : changedFields(row.fields, row.base, Object.keys(def.fields));
  if (changes !== null && Object.keys(changes).length === 0) {
    outbox.remove(ops.map((op) => op.seq));
    ctx.statements(def).write({ ...row, localState: 'synced', base: null, baseVersion: null });
    return null;
  }
  const [keep, ...rest] = ops;
  const kind = row.deleted ? 'delete' : 'upsert';
  if (!keep) return outbox.append({ entity: def.name, recordId: row.id, kind, changes, baseVersion: row.baseVersion });
  outbox.remove(rest.map((op) => op.seq));
  const seen = ops.some((op) => op.attempts > 0 || op.state === 'in_flight');
  const attention = ops.find((op) => op.state === 'needs_attention');
  const opId = seen ? ctx.newId() : keep.opId;
  outbox.update(keep.seq, {
    opId,
    kind,
    changes,
    baseVersion: row.baseVersion,
    attempts: seen ? 0 : keep.attempts,
    failures: 0,
    state: attention ? 'needs_attention' : 'pending',
    lastError: attention?.lastError ?? null,
    nextAttemptAt: null,
  });
  return opId;
}
