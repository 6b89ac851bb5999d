import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { Fields } from './codec/row-codec.js';
import type { StoreContext } from './store-context.js';

/** The record's title for lists: its declared title field, else its id. */
export function titleOf(def: EntityDef, id: string, fields: Readonly<Fields> | undefined): string {
  const value = def.titleField ? fields?.[def.titleField] : undefined;
  return value === null || value === undefined || value === '' ? id : String(value);
}

/** Looks the record up and returns its title (its id when the row is gone or the type unknown). */
export function lookUpTitle(ctx: StoreContext, entity: string, id: string): string {
  const def = ctx.graph.byName.get(entity);
  return def ? titleOf(def, id, ctx.statements(def).get(id)?.fields) : id;
}
