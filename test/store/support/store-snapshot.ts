import type { LocalStore } from '../../../src/main/store/local-store.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';

/**
 * Everything a store holds that matters to the officer and the server — every entity row, the
 * outbox and the conflicts — minus what is random by design (opIds, conflict ids, local timestamps)
 * and the cursors (they follow the last page applied).
 */
export function storeSnapshot(store: LocalStore): Record<string, unknown[]> {
  const all = (sql: string) => store.sqlite.prepare(sql).all();
  const snapshot: Record<string, unknown[]> = {};
  for (const def of entityGraph.ordered) snapshot[def.table] = all(`SELECT * FROM "${def.table}" ORDER BY id`);
  snapshot.outbox = all(
    'SELECT entity, record_id, kind, changes, base_version, state, attempts, failures FROM outbox ORDER BY seq',
  );
  snapshot.conflicts = all(
    `SELECT entity, record_id, kind, status, fields, base, local, server, resolved, local_deleted, server_deleted,
            base_version, server_version FROM conflicts ORDER BY rowid`,
  );
  return snapshot;
}

/** For every pending row an outbox op, and for every op its pending row: the invariant of local edits. */
export function editsAndOpsTogether(store: LocalStore): { pendingWithoutOp: string[]; opsWithoutPending: string[] } {
  const pendingRows = new Set<string>();
  for (const def of entityGraph.ordered) {
    const ids = store.sqlite.prepare(`SELECT id FROM "${def.table}" WHERE _local_state = 'pending'`).pluck().all();
    for (const id of ids) pendingRows.add(`${def.name}/${id as string}`);
  }
  const ops = new Set(
    (store.sqlite.prepare('SELECT entity, record_id FROM outbox').all() as { entity: string; record_id: string }[]).map(
      (op) => `${op.entity}/${op.record_id}`,
    ),
  );
  return {
    pendingWithoutOp: [...pendingRows].filter((k) => !ops.has(k)),
    opsWithoutPending: [...ops].filter((k) => !pendingRows.has(k)),
  };
}
