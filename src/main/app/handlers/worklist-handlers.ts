import { ok } from '../../../shared/errors.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import { type CoreContext, withAccount } from './core-context.js';

type WorklistHandlers = Pick<Handlers, 'worklist:list' | 'worklist:ids' | 'worklist:neighbours' | 'worklist:facets'>;

/** The review worklist's reads: pages with tab counts, ids for select-all, neighbours for "next", filter choices. */
export function worklistHandlers(ctx: CoreContext): WorklistHandlers {
  return {
    'worklist:list': withAccount(ctx, (a, { offset, limit, ...query }) =>
      ok(a.store.read.worklist.page(query, offset, limit)),
    ),
    'worklist:ids': withAccount(ctx, (a, { limit, ...query }) => ok(a.store.read.worklist.ids(query, limit))),
    'worklist:neighbours': withAccount(ctx, (a, { visitId, ...query }) =>
      ok(a.store.read.worklist.neighbours(query, visitId)),
    ),
    'worklist:facets': withAccount(ctx, (a, { districtId }) => ok(a.store.read.worklist.facets(districtId))),
  };
}
