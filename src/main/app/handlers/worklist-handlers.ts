import { ok } from '../../../shared/errors.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import { BulkReviewer } from '../bulk-review.js';
import { type CoreContext, withAccount } from './core-context.js';

type WorklistHandlers = Pick<
  Handlers,
  | 'worklist:list'
  | 'worklist:ids'
  | 'worklist:neighbours'
  | 'worklist:facets'
  | 'worklist:review'
  | 'worklist:undoReview'
  | 'home:counts'
>;

/**
 * The review worklist: pages with tab counts, ids for select-all, neighbours for "next", filter choices,
 * and bulk Approve / Flag with the Undo of the last one; and the home page's counts, which open its lists.
 */
export function worklistHandlers(ctx: CoreContext): WorklistHandlers {
  const bulk = new BulkReviewer();
  return {
    'home:counts': withAccount(ctx, (a) => ok(a.store.read.home())),
    'worklist:list': withAccount(ctx, (a, { offset, limit, ...query }) =>
      ok(a.store.read.worklist.page(query, offset, limit)),
    ),
    'worklist:ids': withAccount(ctx, (a, { limit, ...query }) => ok(a.store.read.worklist.ids(query, limit))),
    'worklist:neighbours': withAccount(ctx, (a, { visitId, ...query }) =>
      ok(a.store.read.worklist.neighbours(query, visitId)),
    ),
    'worklist:facets': withAccount(ctx, (a, { districtId }) => ok(a.store.read.worklist.facets(districtId))),
    'worklist:review': withAccount(ctx, (a, { visitIds, decision, comment }) => {
      const result = bulk.review(a.store, {
        visitIds,
        decision,
        comment,
        reviewer: a.account.displayName,
        at: new Date().toISOString(),
      });
      if (result.ok && result.value.changed > 0) a.edited(['schoolVisit']);
      return result;
    }),
    'worklist:undoReview': withAccount(ctx, (a, { bulkId }) => {
      const result = bulk.undo(a.store, bulkId);
      if (result.ok && result.value.restored > 0) a.edited(['schoolVisit']);
      return result;
    }),
  };
}
