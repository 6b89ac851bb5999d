import type { EntityDef } from '../../../shared/entity/define-entity.js';
import { brokenRule } from '../../../shared/entity/record-rules.js';
import { validateFields } from '../../../shared/entity/validation.js';
import type { Result } from '../../../shared/errors.js';
import type { Fields } from '../codec/row-codec.js';
import { createRecord, updateRecord } from '../edits/local-edits.js';
import type { StoredRow } from '../entity-statements.js';
import { rebaseRecordOps } from '../outbox/rebase-record-ops.js';
import { missingParent } from '../parent-check.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';
import type { FieldChoice } from '../store-types.js';
import type { ConflictRow } from './conflict-repository.js';

/** What an override did: the op that will push it (`null` when the record needed no change). */
export interface Resolution {
  readonly opId: string | null;
  /** The record the resolution wrote: a new id when a remotely deleted record was re-created. */
  readonly recordId: string;
}

/**
 * The officer's override of a conflict, per field: the local value, the server's (its latest known
 * value), or an explicit one. Fields not named keep what the record has now. The result is written
 * as an ordinary local edit based on the latest server version, so it syncs like any edit.
 * - A `remote_delete`: choosing only `server` accepts the deletion; anything else re-creates the
 *   record from the kept local values under a new id (the server never revives a deleted id).
 * - A local delete over server edits: choosing only `local` keeps the delete; anything else undoes it.
 */
export function resolveConflict(
  parts: StoreParts,
  conflictId: string,
  choice: Readonly<Record<string, FieldChoice>>,
  by: string | null = null,
): Result<Resolution> {
  const { ctx } = parts;
  return ctx.transact('resolveConflict', () => {
    const conflict = parts.conflicts.get(conflictId);
    if (!conflict) fail({ code: 'NOT_FOUND', message: `Conflict ${conflictId} does not exist` });
    const def = ctx.defOrThrow(conflict.entity);
    const row = ctx.statements(def).get(conflict.recordId);
    const picked = pick(def, conflict, row, choice);
    const only = (side: 'local' | 'server') => Object.values(choice).every((c) => c === side);
    let resolution: Resolution;
    if (conflict.serverDeleted) {
      const created = only('server')
        ? undefined
        : unwrap(createRecord(parts, def.name, { ...conflict.local, ...picked }));
      resolution = created ? { opId: created.opId, recordId: created.id } : { opId: null, recordId: conflict.recordId };
    } else if (conflict.localDeleted && row?.deleted && row.localState === 'pending') {
      const opId = only('local')
        ? (parts.outbox.opsOf(def.name, row.id)[0]?.opId ?? null)
        : undelete(parts, def, row, picked);
      resolution = { opId, recordId: row.id };
    } else {
      if (!row || row.deleted) {
        fail({ code: 'NOT_FOUND', message: `${def.label} ${conflict.recordId} was deleted`, entity: def.name });
      }
      resolution = { ...unwrap(updateRecord(parts, def.name, row.id, picked)), recordId: row.id };
    }
    const after = ctx.statements(def).get(resolution.recordId);
    const choices = Object.fromEntries(
      Object.entries(choice).map(([field, c]) => [field, typeof c === 'string' ? c : ('value' as const)]),
    );
    parts.conflicts.markResolved(conflictId, after && !after.deleted ? after.fields : null, {
      by,
      choices,
      opId: resolution.opId,
    });
    return resolution;
  });
}

function pick(
  def: EntityDef,
  conflict: ConflictRow,
  row: StoredRow | undefined,
  choice: Readonly<Record<string, FieldChoice>>,
): Fields {
  // "Server" means the server's latest known value, not an older snapshot the server has moved past;
  // except for a field the merge decided by itself (mine won, and was sent): overriding it means the
  // version that lost, so "theirs" is the server's value at the collision.
  const latest = row && !row.deleted ? (row.localState === 'pending' ? row.base : row.fields) : null;
  const decided = (field: string) => conflict.status === 'resolved' || conflict.auto?.[field] !== undefined;
  const picked: Fields = {};
  for (const [field, c] of Object.entries(choice)) {
    if (!(field in def.fields)) {
      fail({
        code: 'VALIDATION',
        message: `${def.label} has no field "${field}"`,
        entity: def.name,
        id: conflict.recordId,
        field,
      });
    }
    const server = decided(field) ? conflict.server : (latest ?? conflict.server);
    picked[field] = c === 'local' ? conflict.local[field] : c === 'server' ? server[field] : c.value;
  }
  return picked;
}

/** Turns a pending local delete back into a live record with the chosen values. */
function undelete(parts: StoreParts, def: EntityDef, row: StoredRow, picked: Fields): string | null {
  const checked = validateFields(def, row.id, { ...(row.base ?? row.fields), ...picked });
  if (!checked.ok) fail(checked.error);
  const broken = brokenRule(def, row.id, checked.value);
  if (broken) fail(broken);
  const orphan = missingParent(parts.ctx, def, row.id, checked.value, { rejectDeleted: true });
  if (orphan) fail(orphan);
  const revived: StoredRow = { ...row, deleted: false, fields: checked.value };
  parts.ctx.statements(def).write(revived);
  return rebaseRecordOps(parts, def, revived);
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) fail(result.error);
  return result.value;
}
