import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Result } from '../../../shared/errors.js';
import { letGoOfDiscarded } from '../apply/apply-scope-removals.js';
import type { StoredRow } from '../entity-statements.js';
import { changedFields } from '../merge/three-way-merge.js';
import { titleOf } from '../record-title.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';
import type { DiscardedRecord, DiscardResult } from '../store-types.js';

/**
 * The officer gives up a queued change. Every queued op of that record goes (they build on each
 * other): a record the server has returns to the server's state (its base); a record that only ever
 * existed here is removed, with its local-only descendants and their ops; one out of the officer's
 * districts (`OUT_OF_SCOPE`) is then let go of. Refused while an op of the record is on the wire. Returns what was lost so the screen can say so.
 */
export function discardOp(parts: StoreParts, opId: string): Result<DiscardResult> {
  const { ctx } = parts;
  return ctx.transact('discardOp', () => {
    const op = parts.outbox.byOpId(opId);
    if (!op) fail({ code: 'NOT_FOUND', message: `Queued change ${opId} does not exist` });
    const def = ctx.defOrThrow(op.entity);
    const row = ctx.statements(def).get(op.recordId);
    if (!row) {
      parts.outbox.removeRecord(def.name, op.recordId);
      return { lost: [] };
    }
    const lost: DiscardedRecord[] = [];
    const outOfScope = parts.outbox.opsOf(def.name, row.id).some((o) => o.lastError?.code === 'OUT_OF_SCOPE');
    if (row.version === null) removeLocalOnly(parts, def, row, lost);
    else lost.push(revertToServer(parts, def, row));
    // Out of the officer's districts: the server's copy is not theirs to keep either.
    if (outOfScope && row.version !== null) letGoOfDiscarded(parts, def, row.id);
    return { lost };
  });
}

function revertToServer(parts: StoreParts, def: EntityDef, row: StoredRow): DiscardedRecord {
  const ops = refuseInFlight(parts, def, row.id);
  const base = row.base ?? row.fields;
  parts.outbox.remove(ops.map((op) => op.seq));
  parts.ctx.statements(def).write({
    ...row,
    fields: base,
    deleted: false,
    localState: 'synced',
    base: null,
    baseVersion: null,
    localUpdatedAt: null,
  });
  return {
    entity: def.name,
    id: row.id,
    title: titleOf(def, row.id, base),
    change: row.deleted ? 'deleted' : 'changed',
    values: changedFields(row.fields, base, Object.keys(def.fields)),
    opIds: ops.map((op) => op.opId),
  };
}

/** Removes a record that never reached the server, children first (foreign keys), recording each. */
function removeLocalOnly(parts: StoreParts, def: EntityDef, row: StoredRow, lost: DiscardedRecord[]): void {
  const ops = refuseInFlight(parts, def, row.id);
  lost.push({
    entity: def.name,
    id: row.id,
    title: titleOf(def, row.id, row.fields),
    change: 'created',
    values: row.fields,
    opIds: ops.map((op) => op.opId),
  });
  for (const child of parts.ctx.graph.childrenOf(def)) {
    const statements = parts.ctx.statements(child.def);
    for (const childId of statements.childIds(child.field, row.id)) {
      const childRow = statements.get(childId);
      if (childRow) removeLocalOnly(parts, child.def, childRow, lost);
    }
  }
  parts.outbox.remove(ops.map((op) => op.seq));
  parts.ctx.statements(def).remove(row.id);
}

function refuseInFlight(parts: StoreParts, def: EntityDef, id: string) {
  const ops = parts.outbox.opsOf(def.name, id);
  if (ops.some((op) => op.state === 'in_flight')) {
    fail({
      code: 'CONFLICT',
      message: `${def.label} ${id} is being sent right now; discard it after the sync finishes`,
      entity: def.name,
      id,
    });
  }
  return ops;
}
