import type { StoreContext } from '../store-context.js';
import type { LocalRecord } from '../store-types.js';

/** One record as the app reads it (tombstones too), or `undefined` when it is not here. */
export function readRecord(ctx: StoreContext, entity: string, id: string): LocalRecord | undefined {
  const def = ctx.graph.byName.get(entity);
  const row = def ? ctx.statements(def).get(id) : undefined;
  if (!row) return undefined;
  const { base: _base, ...rest } = row;
  return { entity, ...rest };
}
