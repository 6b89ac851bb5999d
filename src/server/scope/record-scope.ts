import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { ScopeModel } from './scope-model.js';

/** Where a record belongs: its tenant and (at or below the access unit) its unit. */
export interface RecordScope {
  readonly organisation: string;
  readonly district: string | null;
}

/**
 * Derives a record's scope from its owner's, so it is never taken from the client: the tenant root
 * scopes itself, a unit record is its own unit, everything else inherits from its owner.
 */
export function deriveScope(
  model: ScopeModel,
  def: EntityDef,
  id: string,
  owner: RecordScope | undefined,
): RecordScope | undefined {
  if (def.name === model.tenant.name) return { organisation: id, district: null };
  if (!owner) return undefined;
  if (def.name === model.unit.name) return { organisation: owner.organisation, district: id };
  return owner;
}

/** Whether a user may see a record of this type and scope. */
export function canRead(model: ScopeModel, user: SessionUser, def: EntityDef, scope: RecordScope): boolean {
  if (scope.organisation !== user.organisationId) return false;
  if (!user.districtIds || !model.isUnitScoped(def)) return true;
  return scope.district !== null && user.districtIds.includes(scope.district);
}

/**
 * Whether a user may write a record of this type into this scope. Users scoped to districts write only
 * within them, and never reference data (which every user of the tenant shares).
 */
export function canWrite(model: ScopeModel, user: SessionUser, def: EntityDef, scope: RecordScope): boolean {
  if (scope.organisation !== user.organisationId) return false;
  if (!user.districtIds) return true;
  return model.isUnitScoped(def) && scope.district !== null && user.districtIds.includes(scope.district);
}
