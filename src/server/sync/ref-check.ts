import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { Executor } from '../db/server-database.js';
import { canRead, type RecordScope } from '../scope/record-scope.js';
import type { ScopeModel } from '../scope/scope-model.js';
import type { RowCache } from './row-cache.js';

export interface RefCheckContext {
  readonly tx: Executor;
  readonly rows: RowCache;
  readonly graph: EntityGraph;
  readonly model: ScopeModel;
  readonly user: SessionUser;
}

/**
 * Checks the references a write sets: each parent must exist, be live and be visible to the user.
 * Parents are share-locked so they cannot be deleted or moved before this transaction commits.
 * Returns the owner's scope when the owner reference was among those checked.
 */
export async function checkRefs(
  ctx: RefCheckContext,
  def: EntityDef,
  id: string,
  values: Readonly<Record<string, unknown>>,
): Promise<Result<RecordScope | undefined>> {
  let ownerScope: RecordScope | undefined;
  for (const ref of def.refs) {
    if (!(ref.field in values)) continue;
    const parentId = values[ref.field];
    if (parentId === null || parentId === undefined) continue;
    const parentDef = ctx.graph.byName.get(ref.entity);
    if (!parentDef) throw new Error(`${def.name}.${ref.field}: unknown entity ${ref.entity}`);
    const parent = await ctx.rows.get(parentDef, String(parentId), 'share');
    const fail = (code: AppError['code'], why: string) =>
      err({
        code,
        message: `${def.label} ${id}: ${ref.field} ${String(parentId)} ${why}`,
        entity: def.name,
        id,
        field: ref.field,
      });
    // A parent the user may not read is answered exactly like one that does not exist.
    if (!parent || !canRead(ctx.model, ctx.user, parentDef, parent.scope)) {
      return fail('MISSING_PARENT', `(${parentDef.label.toLowerCase()}) does not exist`);
    }
    if (parent.deleted) return fail('MISSING_PARENT', `(${parentDef.label.toLowerCase()}) was deleted`);
    if (def.ownerRef?.field === ref.field) ownerScope = parent.scope;
  }
  return ok(ownerScope);
}
