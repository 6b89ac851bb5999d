import type { QueueItem } from '../../../shared/ipc/schemas/queue.js';
import type { QueueCounts } from '../../../shared/ipc/schemas/sync-status.js';
import { type OutboxPageFilter, outboxCounts, pageOutbox } from '../outbox/outbox-views.js';
import { OUTBOX_STATES, type OutboxState } from '../schema/sync-tables.js';
import type { StoreParts } from '../store-parts.js';
import { readRecord } from './local-record.js';

/**
 * A page of the queue screen: the store pages the outbox in SQL and counts it per state with one
 * GROUP BY, so opening a queue of 100,000 ops reads 100 rows, not 100,000. Each op carries the
 * record's current values of its fields (what discarding would lose): a key lookup per row of the page.
 */
export function readQueue(
  parts: StoreParts,
  filter: OutboxPageFilter,
): { items: QueueItem[]; total: number; counts: QueueCounts } {
  const counts = outboxCounts(parts);
  const total = (filter.states ?? OUTBOX_STATES).reduce((n, state) => n + counts[state], 0);
  const items = pageOutbox(parts, filter).map((entry) => {
    const record = readRecord(parts.ctx, entry.entity, entry.recordId);
    const values = record ? Object.fromEntries(entry.fields.map((f) => [f, record.fields[f]])) : null;
    return { ...entry, fields: [...entry.fields], values };
  });
  return { items, total, counts: queueCountsOf(counts) };
}

/** The store's per-state counts as the status bar and queue tabs name them. */
export function queueCountsOf(counts: Readonly<Record<OutboxState, number>>): QueueCounts {
  return {
    pending: counts.pending,
    inFlight: counts.in_flight,
    failed: counts.failed,
    needsAttention: counts.needs_attention,
  };
}
