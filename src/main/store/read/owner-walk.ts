import { quote } from '../codec/row-codec.js';
import type { RecordReader } from './record-reader.js';

/**
 * The id of the `target`-type record that (transitively) owns a record, following each type's
 * owning reference up the entity graph: e.g. the district of a section answer. `undefined` when
 * the chain breaks (a row not here, or `target` is not above `entity`).
 */
export function ownerOfType(reader: RecordReader, entity: string, id: string, target: string): string | undefined {
  let currentEntity = entity;
  let currentId: string | undefined = id;
  for (let hops = 0; currentId !== undefined && hops <= reader.graph.ordered.length; hops++) {
    if (currentEntity === target) return currentId;
    const def = reader.graph.byName.get(currentEntity);
    const ref = def?.ownerRef;
    if (!def || !ref) return undefined;
    const row = reader
      .prepare(`owner:${def.name}`, () => `select ${quote(ref.column)} as owner from ${quote(def.table)} where id = ?`)
      .get(currentId) as { owner: string | null } | undefined;
    currentId = row?.owner ?? undefined;
    currentEntity = ref.entity;
  }
  return undefined;
}

/** Open conflicts counted per owning record of type `target` (conflicts are few: one walk each). */
export function openConflictsBy(reader: RecordReader, target: string): Map<string, number> {
  const open = reader
    .prepare('openConflicts', () => "select entity, record_id as id from conflicts where status = 'open'")
    .all() as { entity: string; id: string }[];
  const counts = new Map<string, number>();
  for (const c of open) {
    const owner = ownerOfType(reader, c.entity, c.id, target);
    if (owner) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
}
