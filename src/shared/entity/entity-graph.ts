import { type AppError, err, ok, type Result } from '../errors.js';
import type { EntityDef } from './define-entity.js';
import { ownerChain, topologicalOrder } from './graph.js';

/** Lookups derived once from a set of entity declarations. */
export interface EntityGraph<D extends EntityDef = EntityDef> {
  /** Parents before children. */
  readonly ordered: readonly D[];
  readonly byName: ReadonlyMap<string, D>;
  readonly byCollection: ReadonlyMap<string, D>;
  /** Owning entity types from a type up to the root. */
  ownersOf(def: D): readonly D[];
  /** Children (by any reference) of an entity type. */
  childrenOf(def: D): readonly { def: D; field: string }[];
  /** Looks an entity type up by name, as a value error when unknown. */
  resolve(name: string): Result<D>;
  /** Looks an entity type up by API collection, as a value error when unknown. */
  resolveCollection(collection: string): Result<D>;
}

/** Builds the graph; throws `EntityGraphError` on an unknown reference or a cycle (a programming error). */
export function createEntityGraph<D extends EntityDef>(defs: readonly D[]): EntityGraph<D> {
  const ordered = topologicalOrder(defs);
  const byName = new Map(ordered.map((d) => [d.name, d]));
  const byCollection = new Map(ordered.map((d) => [d.collection, d]));
  const owners = new Map(ordered.map((d) => [d.name, ownerChain(d, byName) as D[]]));
  const children = new Map(
    ordered.map((parent) => [
      parent.name,
      ordered.flatMap((child) =>
        child.refs.filter((r) => r.entity === parent.name).map((r) => ({ def: child, field: r.field })),
      ),
    ]),
  );
  const unknown = (what: string, name: string): AppError => ({
    code: 'UNKNOWN_ENTITY',
    message: `Unknown ${what} "${name}"`,
    detail: `Known: ${[...(what === 'collection' ? byCollection : byName).keys()].join(', ')}`,
  });
  return {
    ordered,
    byName,
    byCollection,
    ownersOf: (def) => owners.get(def.name) ?? [],
    childrenOf: (def) => children.get(def.name) ?? [],
    resolve: (name) => {
      const def = byName.get(name);
      return def ? ok(def) : err(unknown('entity type', name));
    },
    resolveCollection: (collection) => {
      const def = byCollection.get(collection);
      return def ? ok(def) : err(unknown('collection', collection));
    },
  };
}
