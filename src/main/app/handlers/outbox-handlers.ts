import { ok } from '../../../shared/errors.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import type { OpenAccount } from '../open-account.js';
import { type CoreContext, withAccount } from './core-context.js';

type OutboxHandlers = Pick<
  Handlers,
  'queue:list' | 'queue:retry' | 'queue:discard' | 'conflicts:list' | 'conflicts:resolve'
>;

/** The queue (retry, discard) and conflict overrides; every change is a store transaction, then a sync. */
export function outboxHandlers(ctx: CoreContext): OutboxHandlers {
  const { hub } = ctx;
  const queueChanged = (a: OpenAccount, entity?: string) => {
    a.edited(entity ? [entity] : []);
  };
  return {
    'queue:list': withAccount(ctx, (a, { states, offset, limit }) =>
      ok(a.store.read.queue({ offset, limit, ...(states ? { states } : {}) })),
    ),
    'queue:retry': withAccount(ctx, (a, { opId }) => {
      const result = a.store.retryOp(opId);
      if (!result.ok) return result;
      queueChanged(a);
      return ok({ opId });
    }),
    'queue:discard': withAccount(ctx, (a, { opId }) => {
      const result = a.store.discardOp(opId);
      if (!result.ok) return result;
      for (const lost of result.value.lost) queueChanged(a, lost.entity);
      return ok({ lost: result.value.lost.map((l) => ({ ...l, opIds: [...l.opIds] })) });
    }),
    'conflicts:list': withAccount(ctx, (a, { status }) =>
      ok({ items: a.store.listConflicts({ status }).map(mutable) }),
    ),
    'conflicts:resolve': withAccount(ctx, (a, { id, choices }) => {
      const result = a.store.resolveConflict(id, choices, a.account.displayName);
      if (!result.ok) return result;
      hub.emit({ kind: 'conflicts:changed', open: a.openConflicts() });
      // Applying re-syncs the record: `edited` sends the new version soon.
      queueChanged(a, a.store.listConflicts({}).find((c) => c.id === id)?.entity);
      return ok({ opId: result.value.opId });
    }),
  };
}

/** The store's readonly view as the contract's (plain) shape. */
function mutable<T>(value: T): { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] } {
  return value as { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
}
