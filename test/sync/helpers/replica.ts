import { columnCodecs, quote } from '../../../src/main/store/codec/row-codec.js';
import { type LocalStore, rawConnection } from '../../../src/main/store/local-store.js';
import type { ServerApi } from '../../../src/main/sync/server-api.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';
import { wireFields } from '../../../src/shared/protocol/records.js';

/** Live records of every collection: collection → id → `{ version, ...fields }`. */
export type Snapshot = Record<string, Record<string, Record<string, unknown>>>;

/** A client replica's live records, and the rows that are not in sync with the server. */
export function storeSnapshot(store: LocalStore): { live: Snapshot; unsynced: string[] } {
  const live: Snapshot = {};
  const unsynced: string[] = [];
  for (const def of entityGraph.ordered) {
    const codecs = columnCodecs(def);
    const rows = rawConnection(store)
      .sqlite.prepare(
        `SELECT id, _version AS v, _deleted AS d, _local_state AS s, ${codecs.map((c) => `${quote(c.column)} AS ${quote(c.field)}`).join(', ')} FROM ${quote(def.table)}`,
      )
      .all() as Record<string, unknown>[];
    const table: Record<string, Record<string, unknown>> = {};
    for (const row of rows) {
      if (row.s !== 'synced') unsynced.push(`${def.name}/${row.id}`);
      if (row.d) continue;
      const record: Record<string, unknown> = { version: row.v };
      for (const codec of codecs) record[codec.field] = codec.decode(row[codec.field]);
      table[row.id as string] = record;
    }
    live[def.collection] = table;
  }
  return { live, unsynced };
}

/** The server's live records, as a brand-new client would pull them (no client id: nothing left out). */
export async function serverSnapshot(api: ServerApi): Promise<Snapshot> {
  const live: Snapshot = Object.fromEntries(entityGraph.ordered.map((d) => [d.collection, {}]));
  let cursors: Record<string, string | null> = Object.fromEntries(entityGraph.ordered.map((d) => [d.collection, null]));
  for (let page = 0; page < 10_000; page++) {
    const res = await api.sync({ cursors });
    if (!res.ok) throw new Error(`reading the server: ${res.error.message}`);
    for (const { collection, items } of res.value.changes) {
      const def = entityGraph.byCollection.get(collection);
      const table = live[collection];
      if (!def || !table) throw new Error(`unknown collection ${collection}`);
      for (const item of items) {
        if (item.deleted) delete table[item.id];
        else table[item.id] = { version: item.version, ...normalise(def.fields, wireFields(item)) };
      }
    }
    cursors = { ...cursors, ...res.value.cursors };
    if (!res.value.hasMore) break;
  }
  return live;
}

/** Absent optional fields are `null` in the store; make the wire side say so too. */
function normalise(fields: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(fields)) out[name] = values[name] === undefined ? null : values[name];
  return out;
}

/** Human-readable differences between two snapshots (empty when equal). */
export function diffSnapshots(expected: Snapshot, actual: Snapshot, limit = 10): string[] {
  const out: string[] = [];
  for (const collection of Object.keys(expected)) {
    const a = expected[collection] ?? {};
    const b = actual[collection] ?? {};
    for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = JSON.stringify(a[id] ?? null);
      const y = JSON.stringify(b[id] ?? null);
      if (x !== y) out.push(`${collection}/${id}: server ${x} ≠ replica ${y}`);
      if (out.length >= limit) return out;
    }
  }
  return out;
}
