import { ACCESS_UNIT } from '../../shared/entities/district.js';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';

/**
 * Who may see what, derived from the graph: the tenant root (the entity type without an owner) and the
 * access unit (the entity type users are scoped to). Types owned, directly or not, by the unit are
 * visible only within a user's units; everything else in the tenant is reference data for all its users.
 */
export interface ScopeModel {
  readonly tenant: EntityDef;
  readonly unit: EntityDef;
  /** True when records of this type belong to one unit (strictly below it in the owner chain). */
  isUnitScoped(def: EntityDef): boolean;
}

export { ACCESS_UNIT };

export function createScopeModel(graph: EntityGraph, unitName: string = ACCESS_UNIT): ScopeModel {
  const roots = graph.ordered.filter((d) => !d.ownerRef);
  const tenant = roots[0];
  if (!tenant || roots.length !== 1) {
    throw new Error(`The entity graph needs exactly one tenant root; found ${roots.map((r) => r.name).join(', ')}`);
  }
  const unit = graph.byName.get(unitName);
  if (!unit) throw new Error(`Access unit "${unitName}" is not a declared entity type`);
  const scoped = new Set(
    graph.ordered.filter((d) => graph.ownersOf(d).some((o) => o.name === unit.name)).map((d) => d.name),
  );
  return { tenant, unit, isUnitScoped: (def) => scoped.has(def.name) };
}
