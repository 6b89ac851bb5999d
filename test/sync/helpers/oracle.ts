import type { LocalStore } from '../../../src/main/store/local-store.js';
import type { ServerApi } from '../../../src/main/sync/server-api.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';
import { diffSnapshots, serverSnapshot, storeSnapshot } from './replica.js';
import type { Tracker, Write } from './workload.js';

const collectionOf = (entity: string) => entityGraph.byName.get(entity)?.collection ?? entity;

/**
 * The convergence oracle, after faults stopped and every client synced twice:
 * 1. every replica equals the server (all tables' live records, versions included) and has no row
 *    or outbox entry left unsynced, and no conflict still held for the officer;
 * 2. no acknowledged write is lost: a field only one client wrote ends with that client's last value;
 *    a field several clients wrote ends with one of the written values;
 * 3. every conflict is recorded: two clients' edits from the same base version left a conflict row;
 * 4. nothing duplicated or revived: created records exist once (or were deleted), deleted ones stay deleted.
 * Returns the violations (empty when the schedule converged).
 */
export async function checkConvergence(
  reader: ServerApi,
  stores: readonly LocalStore[],
  tracker: Tracker,
): Promise<string[]> {
  const failures: string[] = [];
  const server = await serverSnapshot(reader);
  stores.forEach((store, i) => {
    const { live, unsynced } = storeSnapshot(store);
    if (unsynced.length > 0) failures.push(`client ${i}: rows not synced: ${unsynced.slice(0, 5).join(', ')}`);
    for (const d of diffSnapshots(server, live, 5)) failures.push(`client ${i}: ${d}`);
    const counts = store.outboxCounts();
    if (Object.values(counts).some((n) => n > 0)) {
      const ops = store.listOutbox().map((o) => `${o.entity}/${o.recordId} ${o.state} ${o.lastError?.code ?? ''}`);
      failures.push(`client ${i}: outbox not empty: ${ops.slice(0, 5).join('; ')}`);
    }
    const held = store.listConflicts({ status: 'open' }).filter((c) => c.kind === 'held');
    if (held.length > 0) failures.push(`client ${i}: ${held.length} conflict(s) still held`);
  });

  const deleted = new Set(tracker.deleted.map((d) => `${d.entity}/${d.id}`));
  const conflicted = new Set(stores.flatMap((s) => s.listConflicts().map((c) => `${c.entity}/${c.recordId}`)));
  const isLive = (entity: string, id: string) => server[collectionOf(entity)]?.[id] !== undefined;

  for (const [key, writes] of groupBy(tracker.writes, (w) => `${w.entity}/${w.id}/${w.field}`)) {
    const { entity, id, field } = writes[0] as Write;
    const record = server[collectionOf(entity)]?.[id];
    if (!record) {
      if (!deleted.has(`${entity}/${id}`)) failures.push(`${entity}/${id} vanished though nobody deleted it`);
      continue;
    }
    const writers = new Set(writes.map((w) => w.client));
    const final = record[field];
    if (writers.size === 1) {
      const last = writes.at(-1)?.value;
      if (final !== last)
        failures.push(
          `lost write ${key}: client ${writes[0]?.client} wrote ${String(last)}, server has ${String(final)}`,
        );
    } else {
      const allowed = new Set([...writes.map((w) => w.value), tracker.initial.get(`${entity}/${id}`)?.[field]]);
      if (!allowed.has(final)) failures.push(`${key} ended as ${String(final)}, which nobody wrote`);
    }
  }

  for (const [key, writes] of groupBy(tracker.writes, (w) => `${w.entity}/${w.id}`)) {
    const byBase = groupBy(writes, (w) => String(w.baseVersion));
    const concurrent = [...byBase.values()].some((ws) => new Set(ws.map((w) => w.client)).size > 1);
    if (concurrent && !conflicted.has(key) && !deleted.has(key)) {
      failures.push(`${key}: concurrent edits from the same base version left no conflict record`);
    }
  }

  for (const c of tracker.created) {
    if (!isLive(c.entity, c.id) && !deleted.has(`${c.entity}/${c.id}`))
      failures.push(`created ${c.entity}/${c.id} is missing`);
  }
  for (const d of tracker.deleted) {
    if (isLive(d.entity, d.id)) failures.push(`deleted ${d.entity}/${d.id} is live again`);
  }
  return failures;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
