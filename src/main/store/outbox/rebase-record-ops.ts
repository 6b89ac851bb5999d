import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { StoredRow } from '../entity-statements.js';
import { changedFields } from '../merge/three-way-merge.js';
import type { StoreParts } from '../store-parts.js';

/**
 * After the row's base moved to a new server version (a merge, a conflict answer), replaces every
 * queued op of the record by at most one op: the row's difference from its new base, based on that
 * version. When nothing differs any more, the ops go and the row is synced. An op waiting for the
 * officer stays so. Returns the surviving op's id, or `null`.
 *
 * The surviving op keeps the opId of the record's first op, also when the server may already have
 * seen it (sent, answer lost): the opId is the idempotency key of the officer's edit, whatever base it
 * is rebased on, so the server applies the edit at most once. A fresh opId here let a push the server
 * had applied (its answer cut) be applied a second time after a pull merged over it, beating a later
 * write of another client. The contents already sent stay listed in `sent`, so a `duplicate` answer
 * tells which one the server applied (see `acknowledge` in apply-op-results.ts).
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
  const attention = ops.find((op) => op.state === 'needs_attention');
  // Only a record's oldest op is ever sent (readyOps), so `rest` carries nothing the server saw.
  outbox.update(keep.seq, {
    kind,
    changes,
    baseVersion: row.baseVersion,
    attempts: Math.max(...ops.map((op) => op.attempts)),
    failures: 0,
    state: attention ? 'needs_attention' : 'pending',
    lastError: attention?.lastError ?? null,
    nextAttemptAt: null,
  });
  return keep.opId;
}
