import type { EntityDef } from '../../../shared/entity/define-entity.js';
import { brokenRule } from '../../../shared/entity/record-rules.js';
import { validateFields } from '../../../shared/entity/validation.js';
import type { AppError, Result } from '../../../shared/errors.js';
import type { Fields } from '../codec/row-codec.js';
import type { StoredRow } from '../entity-statements.js';
import { changedFields } from '../merge/three-way-merge.js';
import { queueEdit } from '../outbox/queue-edit.js';
import { rebaseRecordOps } from '../outbox/rebase-record-ops.js';
import { missingParent } from '../parent-check.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';

/**
 * Creates a record on this PC: the row (pending, never on the server) and its create op, in one
 * transaction. Absent nullable fields are `null`; parents must exist and not be deleted.
 */
export function createRecord(
  parts: StoreParts,
  entity: string,
  fields: Record<string, unknown>,
  id?: string,
): Result<{ id: string; opId: string }> {
  const { ctx } = parts;
  return ctx.transact(`createRecord(${entity})`, () => {
    const def = ctx.defOrThrow(entity);
    const recordId = id ?? ctx.newId();
    const checked = validateFields(def, recordId, withNullDefaults(def, fields));
    if (!checked.ok) fail(checked.error);
    const broken = brokenRule(def, recordId, checked.value);
    if (broken) fail(broken);
    const statements = ctx.statements(def);
    if (statements.isDeleted(recordId) !== undefined) {
      fail(refusal(def, recordId, 'VALIDATION', 'already exists', 'id'));
    }
    const orphan = missingParent(ctx, def, recordId, checked.value, { rejectDeleted: true });
    if (orphan) fail(orphan);
    statements.insert({
      id: recordId,
      fields: checked.value,
      version: null,
      updatedAt: null,
      deleted: false,
      localState: 'pending',
      baseVersion: null,
      base: null,
      localUpdatedAt: ctx.nowIso(),
    });
    const opId = parts.outbox.append({
      entity: def.name,
      recordId,
      kind: 'upsert',
      changes: checked.value,
      baseVersion: null,
    });
    return { id: recordId, opId };
  });
}

/**
 * Changes fields of a live record: the row and its op in one transaction. Only fields whose value
 * really changes are queued; `opId` is `null` when nothing is left to send (no change, or the record
 * is back to the server's values before anything was sent).
 */
export function updateRecord(
  parts: StoreParts,
  entity: string,
  id: string,
  changes: Record<string, unknown>,
): Result<{ opId: string | null }> {
  const { ctx } = parts;
  return ctx.transact(`updateRecord(${entity})`, () => {
    const def = ctx.defOrThrow(entity);
    return { opId: editRow(parts, def, liveRow(parts, def, id), changes) };
  });
}

/** The body of `updateRecord`, inside the caller's transaction: the op id, or `null` when nothing is left to send. */
function editRow(parts: StoreParts, def: EntityDef, row: StoredRow, changes: Record<string, unknown>): string | null {
  const { ctx } = parts;
  const id = row.id;
  const checked = validateFields(def, id, changes, { partial: true });
  if (!checked.ok) fail(checked.error);
  const diff = changedFields(checked.value, row.fields, Object.keys(checked.value));
  if (Object.keys(diff).length === 0) return null;
  const broken = brokenRule(def, id, { ...row.fields, ...diff }, Object.keys(diff));
  if (broken) fail(broken);
  const orphan = missingParent(ctx, def, id, diff, { rejectDeleted: true });
  if (orphan) fail(orphan);
  const edited: StoredRow = { ...startEdit(row, ctx.nowIso()), fields: { ...row.fields, ...diff } };
  ctx.statements(def).write(edited);
  const ops = parts.outbox.opsOf(def.name, id);
  if (edited.base !== null && ops.every((op) => op.state === 'pending' && op.attempts === 0)) {
    // Nothing of this record has left the PC: its one op is simply the row's difference from the
    // server, so an edit back to the server's value leaves nothing to send.
    return rebaseRecordOps(parts, def, edited);
  }
  return queueEdit(parts, def, id, { kind: 'upsert', changes: diff }, edited.baseVersion);
}

/** What `updateRecords` did to one record. */
export interface BulkEditResult {
  readonly id: string;
  /** The record's fields before this edit. */
  readonly before: Readonly<Fields>;
  /** The op that carries the change; `null` when nothing is left to send (see `updateRecord`). */
  readonly opId: string | null;
  /** `change` answered `null`: the record was left as it was. */
  readonly skipped: boolean;
}

/**
 * Edits many live records of one type in one transaction (a bulk review and its undo): `change` sees
 * each record's current fields and answers the changes, or `null` to leave it. Each record gets its own
 * op, exactly as `updateRecord` queues it, so an edit back to the server's values cancels an unsent op.
 * Any refusal (a record gone, an invalid value) rolls every record back.
 */
export function updateRecords(
  parts: StoreParts,
  entity: string,
  ids: readonly string[],
  change: (current: Readonly<Fields>, id: string) => Record<string, unknown> | null,
): Result<BulkEditResult[]> {
  const { ctx } = parts;
  return ctx.transact(`updateRecords(${entity} ×${ids.length})`, () => {
    const def = ctx.defOrThrow(entity);
    return [...new Set(ids)].map((id) => {
      const row = liveRow(parts, def, id);
      const changes = change(row.fields, id);
      if (changes === null) return { id, before: row.fields, opId: null, skipped: true };
      // One transaction for all, no savepoint per record: any refusal rolls every record back.
      return { id, before: row.fields, opId: editRow(parts, def, row, changes), skipped: false };
    });
  });
}

/**
 * Deletes a live record that has no live children. A record that never left this PC (its create op
 * unsent) simply disappears with its op (`opId: null`); otherwise it becomes a pending tombstone.
 */
export function deleteRecord(parts: StoreParts, entity: string, id: string): Result<{ opId: string | null }> {
  const { ctx } = parts;
  return ctx.transact(`deleteRecord(${entity})`, () => {
    const def = ctx.defOrThrow(entity);
    const row = liveRow(parts, def, id);
    let children = 0;
    for (const child of ctx.graph.childrenOf(def)) {
      const live = ctx.statements(child.def).liveChildCount(child.field, id);
      if (live > 0)
        fail(refusal(def, id, 'VALIDATION', `still has ${live} ${child.def.label.toLowerCase()} record(s)`));
      children += ctx.statements(child.def).childIds(child.field, id).length;
    }
    const ops = parts.outbox.opsOf(def.name, id);
    const neverSent = ops.every((op) => op.state === 'pending' && op.attempts === 0);
    if (row.version === null && neverSent && children === 0) {
      parts.outbox.remove(ops.map((op) => op.seq));
      ctx.statements(def).remove(id);
      return { opId: null };
    }
    const edited = startEdit(row, ctx.nowIso());
    ctx.statements(def).write({ ...edited, deleted: true });
    return { opId: queueEdit(parts, def, id, { kind: 'delete' }, edited.baseVersion) };
  });
}

/** The row as a pending edit: a synced row keeps its current server fields as the merge base. */
function startEdit(row: StoredRow, at: string): StoredRow {
  const base = row.localState === 'synced' ? { base: row.fields, baseVersion: row.version } : {};
  return { ...row, ...base, localState: 'pending', localUpdatedAt: at };
}

function liveRow(parts: StoreParts, def: EntityDef, id: string): StoredRow {
  const row = parts.ctx.statements(def).get(id);
  if (!row || row.deleted) fail(refusal(def, id, 'NOT_FOUND', row ? 'was deleted' : 'does not exist'));
  return row;
}

function refusal(def: EntityDef, id: string, code: AppError['code'], problem: string, field?: string): AppError {
  return { code, message: `${def.label} ${id} ${problem}`, entity: def.name, id, ...(field ? { field } : {}) };
}

function withNullDefaults(def: EntityDef, fields: Record<string, unknown>): Fields {
  const filled: Fields = { ...fields };
  for (const [name, field] of Object.entries(def.fields)) {
    if (field.nullable && filled[name] === undefined) filled[name] = null;
  }
  return filled;
}
