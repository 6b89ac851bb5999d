import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { StoreParts } from '../store-parts.js';

/** A local edit as the outbox records it. */
export type QueuedEdit =
  | { readonly kind: 'upsert'; readonly changes: Record<string, unknown> }
  | { readonly kind: 'delete' };

/**
 * Queues an edit of one record (inside the caller's transaction, beside the row write). It folds into
 * the record's last op while that op is still `pending` and was never handed to the network
 * (`attempts = 0`): the server cannot have seen its opId, so changing its content is safe. Otherwise
 * the edit becomes a new op after it. Returns the opId that carries the edit.
 */
export function queueEdit(
  parts: StoreParts,
  def: EntityDef,
  recordId: string,
  edit: QueuedEdit,
  baseVersion: number | null,
): string {
  const last = parts.outbox.opsOf(def.name, recordId).at(-1);
  if (last && last.state === 'pending' && last.attempts === 0 && last.kind === 'upsert') {
    parts.outbox.update(
      last.seq,
      edit.kind === 'upsert'
        ? { changes: { ...(last.changes ?? {}), ...edit.changes } }
        : { kind: 'delete', changes: null },
    );
    return last.opId;
  }
  return parts.outbox.append({
    entity: def.name,
    recordId,
    kind: edit.kind,
    changes: edit.kind === 'upsert' ? edit.changes : null,
    baseVersion,
  });
}
