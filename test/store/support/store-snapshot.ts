import { isDeepStrictEqual } from 'node:util';
import { type LocalStore, rawConnection } from '../../../src/main/store/local-store.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';

/**
 * Everything a store holds that matters to the officer and the server — every entity row, the
 * outbox and the conflicts — minus what is random by design (opIds, conflict ids, local timestamps)
 * and the cursors (they follow the last page applied).
 */
export function storeSnapshot(store: LocalStore): Record<string, unknown[]> {
  const all = (sql: string) => rawConnection(store).sqlite.prepare(sql).all();
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
    const ids = rawConnection(store)
      .sqlite.prepare(`SELECT id FROM "${def.table}" WHERE _local_state = 'pending'`)
      .pluck()
      .all();
    for (const id of ids) pendingRows.add(`${def.name}/${id as string}`);
  }
  const ops = new Set(
    (
      rawConnection(store).sqlite.prepare('SELECT entity, record_id FROM outbox').all() as {
        entity: string;
        record_id: string;
      }[]
    ).map((op) => `${op.entity}/${op.record_id}`),
  );
  return {
    pendingWithoutOp: [...pendingRows].filter((k) => !ops.has(k)),
    opsWithoutPending: [...ops].filter((k) => !pendingRows.has(k)),
  };
}

/**
 * The stronger form of the invariant: replaying a record's queued ops over its base gives exactly the
 * row the officer sees (and a locally deleted row ends in a delete op). Returns the records where not.
 */
export function outboxCarriesRows(store: LocalStore): string[] {
  const ops = rawConnection(store)
    .sqlite.prepare('SELECT entity, record_id, kind, changes FROM outbox ORDER BY seq')
    .all() as {
    entity: string;
    record_id: string;
    kind: 'upsert' | 'delete';
    changes: string | null;
  }[];
  const byRecord = new Map<string, typeof ops>();
  for (const op of ops)
    byRecord.set(`${op.entity}/${op.record_id}`, [...(byRecord.get(`${op.entity}/${op.record_id}`) ?? []), op]);
  const wrong: string[] = [];
  for (const [key, recordOps] of byRecord) {
    const [entity = '', id = ''] = key.split('/');
    const def = entityGraph.byName.get(entity);
    const row = store.getRecord(entity, id);
    if (!def || !row) {
      wrong.push(`${key}: no row`);
      continue;
    }
    if (row.deleted) {
      if (recordOps.at(-1)?.kind !== 'delete') wrong.push(`${key}: deleted without a delete op`);
      continue;
    }
    const base = rawConnection(store).sqlite.prepare(`SELECT _base FROM "${def.table}" WHERE id = ?`).pluck().get(id) as
      | string
      | null;
    const replayed: Record<string, unknown> = base === null ? {} : JSON.parse(base);
    for (const op of recordOps)
      Object.assign(replayed, op.kind === 'delete' ? { deleted: true } : JSON.parse(op.changes ?? '{}'));
    if (!isDeepStrictEqual(replayed, row.fields))
      wrong.push(`${key}: ops ${JSON.stringify(replayed)} ≠ row ${JSON.stringify(row.fields)}`);
  }
  return wrong;
}
