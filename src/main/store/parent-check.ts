import type { EntityDef, EntityRef } from '../../shared/entity/define-entity.js';
import type { AppError } from '../../shared/errors.js';
import type { Fields } from './codec/row-codec.js';
import type { StoreContext } from './store-context.js';

/**
 * The first reference of `fields` whose parent is not in the store (or, with `rejectDeleted`, is a
 * tombstone), as an error naming the record and the field.
 */
export function missingParent(
  ctx: StoreContext,
  def: EntityDef,
  id: string,
  fields: Readonly<Fields>,
  options: { rejectDeleted: boolean },
): AppError | undefined {
  for (const ref of def.refs) {
    const parentId = fields[ref.field];
    if (typeof parentId !== 'string') continue;
    const parentDef = ctx.graph.byName.get(ref.entity);
    const deleted = parentDef ? ctx.statements(parentDef).isDeleted(parentId) : undefined;
    if (deleted === undefined || (options.rejectDeleted && deleted)) {
      return missingParentError(def, id, ref, parentId, deleted === true);
    }
  }
  return undefined;
}

export function missingParentError(
  def: EntityDef,
  id: string,
  ref: EntityRef,
  parentId: string,
  deleted: boolean,
): AppError {
  return {
    code: 'MISSING_PARENT',
    message: `${def.label} ${id} field "${ref.field}" references ${ref.entity} ${parentId}, which ${
      deleted ? 'was deleted' : 'is not in the store'
    }`,
    entity: def.name,
    id,
    field: ref.field,
  };
}
