import { lookUpTitle } from '../record-title.js';
import { OUTBOX_STATES, type OutboxState } from '../schema/sync-tables.js';
import { timed } from '../store-logger.js';
import type { StoreParts } from '../store-parts.js';
import type { OutboxEntryView } from '../store-types.js';

/** The queue screen: every op (or those in `states`), oldest first, with the record's title. */
export function listOutbox(parts: StoreParts, filter: { states?: readonly OutboxState[] } = {}): OutboxEntryView[] {
  const { ctx } = parts;
  return timed(ctx.logger, ctx.slowMs, 'listOutbox', () =>
    parts.outbox.all(filter.states).map((op) => ({
      opId: op.opId,
      seq: op.seq,
      entity: op.entity,
      entityLabel: ctx.graph.byName.get(op.entity)?.label ?? op.entity,
      recordId: op.recordId,
      recordTitle: lookUpTitle(ctx, op.entity, op.recordId),
      kind: op.kind === 'delete' ? 'delete' : op.baseVersion === null ? 'create' : 'update',
      fields: Object.keys(op.changes ?? {}),
      state: op.state,
      attempts: op.attempts,
      lastError: op.lastError ?? null,
      nextAttemptAt: op.nextAttemptAt === null ? null : new Date(op.nextAttemptAt).toISOString(),
      createdAt: op.createdAt,
      updatedAt: op.updatedAt,
    })),
  );
}

/** How many ops are in each state (every state present, zero included). */
export function outboxCounts(parts: StoreParts): Record<OutboxState, number> {
  const counts = Object.fromEntries(OUTBOX_STATES.map((state) => [state, 0])) as Record<OutboxState, number>;
  for (const { state, n } of parts.outbox.countsByState()) counts[state] = n;
  return counts;
}
