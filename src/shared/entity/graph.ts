import type { EntityDef } from './define-entity.js';

/** Thrown at start-up when the declarations do not form a graph we can sync; a programming error. */
export class EntityGraphError extends Error {
  override name = 'EntityGraphError';
}

/**
 * Orders entity types parents-first (Kahn's algorithm), so pulls and pushes never reference a
 * record that is not there yet. Ties keep declaration order, which makes the order stable.
 */
export function topologicalOrder<D extends EntityDef>(defs: readonly D[]): D[] {
  const byName = new Map(defs.map((d) => [d.name, d]));
  if (byName.size !== defs.length) throw new EntityGraphError('Two entity types share a name');
  const collections = new Set(defs.map((d) => d.collection));
  if (collections.size !== defs.length) throw new EntityGraphError('Two entity types share a collection name');

  const remaining = new Map<string, Set<string>>();
  for (const def of defs) {
    const parents = new Set<string>();
    for (const ref of def.refs) {
      if (!byName.has(ref.entity)) {
        throw new EntityGraphError(`${def.name}.${ref.field} references unknown entity type "${ref.entity}"`);
      }
      if (ref.entity !== def.name) parents.add(ref.entity);
      else throw new EntityGraphError(`${def.name}.${ref.field} references its own type (a cycle)`);
    }
    remaining.set(def.name, parents);
  }

  const order: D[] = [];
  while (remaining.size > 0) {
    const ready = defs.filter((d) => remaining.get(d.name)?.size === 0);
    if (ready.length === 0) {
      const cycle = [...remaining.keys()].join(', ');
      throw new EntityGraphError(`The entity graph has a cycle among: ${cycle}`);
    }
    for (const def of ready) {
      order.push(def);
      remaining.delete(def.name);
      for (const parents of remaining.values()) parents.delete(def.name);
    }
  }
  return order;
}

/** The chain of owning entity types from `def` up to the root, e.g. school → district → region → … */
export function ownerChain(def: EntityDef, byName: ReadonlyMap<string, EntityDef>): EntityDef[] {
  const chain: EntityDef[] = [];
  let current: EntityDef | undefined = def;
  while (current?.ownerRef) {
    current = byName.get(current.ownerRef.entity);
    if (!current) break;
    chain.push(current);
  }
  return chain;
}
