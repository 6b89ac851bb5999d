import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { AppError } from '../../shared/errors.js';
import type { Fields } from './codec/row-codec.js';
import { fail, type StoreContext } from './store-context.js';

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
    if (parentId === null || parentId === undefined) continue;
    const parentDef = ctx.graph.byName.get(ref.entity);
    const deleted = parentDef ? ctx.statements(parentDef).isDeleted(String(parentId)) : undefined;
    if (deleted === undefined || (options.rejectDeleted && deleted)) {
      return {
        code: 'MISSING_PARENT',
        message: `${def.label} ${id} field "${ref.field}" references ${ref.entity} ${String(parentId)}, which ${
          deleted ? 'was deleted' : 'is not in the store'
        }`,
        entity: def.name,
        id,
        field: ref.field,
      };
    }
  }
  return undefined;
}

/**
 * Turns a foreign-key violation from SQLite into the error naming the record and field (the pull
 * path lets SQLite check parents instead of looking each one up); rethrows anything else.
 */
export function rethrowParentError(
  ctx: StoreContext,
  def: EntityDef,
  id: string,
  fields: Readonly<Fields>,
  error: unknown,
): never {
  if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
  fail(
    missingParent(ctx, def, id, fields, { rejectDeleted: false }) ?? {
      code: 'MISSING_PARENT',
      message: `${def.label} ${id} references a record that is not in the store`,
      entity: def.name,
      id,
    },
  );
}
