import { ok } from '../../../shared/errors.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import type { CoreContext } from './core-context.js';

type SessionHandlers = Pick<
  Handlers,
  | 'session:get'
  | 'session:signIn'
  | 'session:changePassword'
  | 'session:signOut'
  | 'session:startDemo'
  | 'sync:status'
  | 'sync:now'
  | 'sync:cancel'
  | 'sync:checkConnection'
>;

/** Signing in and out, Demo mode, and running syncs. */
export function sessionHandlers({ session }: CoreContext): SessionHandlers {
  return {
    'session:get': () => ok(session.state()),
    'session:signIn': ({ serverUrl, username, password }) => session.signIn(serverUrl, username, password),
    'session:changePassword': ({ newPassword }) => session.changePassword(newPassword),
    'session:signOut': async () => ok(await session.signOut()),
    'session:startDemo': () => session.startDemo(),
    'sync:status': () => ok(session.syncStatus()),
    'sync:now': async () => {
      const account = session.account();
      if (!account.ok) return account;
      const {
        syncId: _id,
        requests: _r,
        bytesUp: _u,
        bytesDown: _d,
        ...summary
      } = await account.value.syncNow({ refreshReferenceData: true });
      return ok(summary);
    },
    'sync:cancel': () => {
      const account = session.account();
      return account.ok ? ok(account.value.cancelSync()) : account;
    },
    'sync:checkConnection': async ({ osOnline }) => {
      const account = session.account();
      return account.ok ? ok(await account.value.checkConnection(osOnline)) : account;
    },
  };
}
