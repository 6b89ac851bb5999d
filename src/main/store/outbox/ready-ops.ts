import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { StoreParts } from '../store-parts.js';
import type { OutboxOp } from '../store-types.js';
import { timed } from '../timed.js';
import { toOutboxOp } from './op-lifecycle.js';
import type { OutboxRow } from './outbox-repository.js';

const keyOf = (entity: string, id: string) => `${entity}\u0000${id}`;

/**
 * The ops to send next, at most `limit`:
 * - only the oldest op of each record, and only when it is `pending`, or `failed` and due — so a
 *   record never has two ops on the wire, and an op stuck in `needs_attention` holds back later edits
 *   of the same record;
 * - creates and updates parents first (topological order, then age), then deletes children first;
 * - an op referencing a parent that is not on the server yet goes only after that parent's create in
 *   the same batch; a delete goes only after its children's pending deletes. Anything depending on an
 *   op that is in flight, backing off or waiting for the officer waits too.
 */
export function readyOps(parts: StoreParts, limit: number): OutboxOp[] {
  const { ctx } = parts;
  return timed(ctx.logger, ctx.slowMs, 'readyOps', () => {
    const oldest = new Map<string, OutboxRow>();
    for (const op of parts.outbox.all()) {
      const key = keyOf(op.entity, op.recordId);
      if (!oldest.has(key)) oldest.set(key, op);
    }
    const now = ctx.now().getTime();
    // A wait longer than the longest backoff means the PC's clock went back since the failure:
    // the op is due, rather than stuck until the clock catches up.
    const isDue = (at: number | null) => at === null || at <= now || at - now > ctx.retry.maxMs;
    // An entity type dropped from the graph: its ops stay for the officer to see, neither ranked nor sent.
    const due = [...oldest.values()].filter(
      (op) =>
        (op.state === 'pending' || op.state === 'failed') && isDue(op.nextAttemptAt) && ctx.graph.byName.has(op.entity),
    );
    const rank = (op: OutboxRow) =>
      op.kind === 'delete' ? 2 * ctx.graph.ordered.length - ctx.topoIndex(op.entity) : ctx.topoIndex(op.entity);
    due.sort((a, b) => rank(a) - rank(b) || a.seq - b.seq);
    const chosen = new Set<string>();
    const ready: OutboxOp[] = [];
    for (const op of due) {
      if (ready.length >= limit) break;
      const def = ctx.graph.byName.get(op.entity);
      if (!def) continue; // filtered out above
      const blocked =
        op.kind === 'delete' ? childBlocks(parts, def, op, oldest, chosen) : parentBlocks(parts, def, op, chosen);
      if (blocked) continue;
      chosen.add(keyOf(op.entity, op.recordId));
      ready.push(toOutboxOp(op));
    }
    return ready;
  });
}

/** A parent this create/update references is only on this PC and its create is not in the batch. */
function parentBlocks(parts: StoreParts, def: EntityDef, op: OutboxRow, chosen: ReadonlySet<string>): boolean {
  const row = parts.ctx.statements(def).get(op.recordId);
  if (!row) return false;
  for (const ref of def.refs) {
    const parentId = row.fields[ref.field];
    const parentDef = parts.ctx.graph.byName.get(ref.entity);
    if (typeof parentId !== 'string' || !parentDef) continue;
    const parent = parts.ctx.statements(parentDef).get(parentId);
    if (parent && parent.version === null && !chosen.has(keyOf(parentDef.name, parentId))) return true;
  }
  return false;
}

/** A child of the record being deleted still has queued ops that are not earlier in the batch. */
function childBlocks(
  parts: StoreParts,
  def: EntityDef,
  op: OutboxRow,
  oldest: ReadonlyMap<string, OutboxRow>,
  chosen: ReadonlySet<string>,
): boolean {
  for (const child of parts.ctx.graph.childrenOf(def)) {
    for (const childId of parts.ctx.statements(child.def).childIds(child.field, op.recordId)) {
      const key = keyOf(child.def.name, childId);
      if (oldest.has(key) && !chosen.has(key)) return true;
    }
  }
  return false;
}
