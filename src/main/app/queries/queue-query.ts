import type { QueueItem } from '../../../shared/ipc/schemas/queue.js';
import type { QueueCounts } from '../../../shared/ipc/schemas/sync-status.js';
import type { LocalStore, OutboxState } from '../../store/index.js';
import { OUTBOX_STATES } from '../../store/schema/sync-tables.js';

export interface QueueFilter {
  readonly states?: readonly OutboxState[];
  readonly offset: number;
  readonly limit: number;
}

/**
 * A page of the queue screen: the store pages the outbox in SQL and counts it per state with one
 * GROUP BY, so opening a queue of 100,000 ops reads 100 rows, not 100,000. Each op carries the
 * record's current values of its fields (what discarding would lose): a key lookup per row of the page.
 */
export function readQueue(
  store: LocalStore,
  filter: QueueFilter,
): { items: QueueItem[]; total: number; counts: QueueCounts } {
  const counts = store.outboxCounts();
  const total = (filter.states ?? OUTBOX_STATES).reduce((n, state) => n + counts[state], 0);
  const page = store.pageOutbox(filter);
  const items = page.map((entry) => {
    const record = store.getRecord(entry.entity, entry.recordId);
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
