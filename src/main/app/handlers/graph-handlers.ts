import { err, ok, type Result } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n/message.js';
import { officerError } from '../../../shared/i18n/officer-error.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import { type CoreContext, withAccount } from './core-context.js';

type GraphHandlers = Pick<
  Handlers,
  | 'graph:hierarchy'
  | 'graph:schools'
  | 'graph:school'
  | 'graph:visits'
  | 'graph:visit'
  | 'graph:search'
  | 'visit:review'
>;

/** Read queries for the school/visit screens, and the officer's review of a visit. */
export function graphHandlers(ctx: CoreContext): GraphHandlers {
  const found = <T>(value: T | undefined, what: 'school' | 'visit'): Result<T> =>
    value === undefined ? err(officerError('NOT_FOUND', text('errors:notHere', { what }))) : ok(value);
  return {
    'graph:hierarchy': withAccount(ctx, (a) => ok(a.store.read.hierarchy())),
    'graph:schools': withAccount(ctx, (a, args) => ok(a.store.read.schools(args))),
    'graph:school': withAccount(ctx, (a, { id }) => found(a.store.read.school(id), 'school')),
    'graph:visits': withAccount(ctx, (a, args) => ok(a.store.read.visits(args))),
    'graph:visit': withAccount(ctx, (a, { id }) => found(a.store.read.visitGraph(id), 'visit')),
    'graph:search': withAccount(ctx, (a, { text, limit }) => ok(a.store.read.search(text, limit))),
    'visit:review': withAccount(ctx, (a, { visitId, decision, comment }) => {
      const result = a.store.updateRecord('schoolVisit', visitId, {
        reviewStatus: decision,
        reviewComment: comment,
        reviewedBy: a.account.displayName,
        reviewedAt: new Date().toISOString(),
        // A follow-up belongs to a flagged visit (the entity's rule): approving closes it.
        ...(decision === 'flagged' ? {} : { followUpDate: null, followUpNote: null }),
      });
      if (result.ok) a.edited(['schoolVisit']);
      return result;
    }),
  };
}
