import { ok } from '../../../shared/errors.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import { initialUpdateStatus } from '../../../shared/ipc/schemas/updates.js';
import type { CoreContext } from './core-context.js';

type UpdateHandlers = Pick<Handlers, 'updates:status' | 'updates:check' | 'updates:restart'>;

/**
 * The app's own update, through the shell's updater when it has one (the installed Electron app);
 * elsewhere (a development run, the browser shell) it answers `unsupported`. The updater's changes
 * reach the page as `update:status` events.
 */
export function updateHandlers({ platform, hub }: CoreContext): UpdateHandlers {
  const updates = platform.updates;
  if (!updates) {
    const unsupported = initialUpdateStatus('unsupported', platform.appVersion);
    return {
      'updates:status': () => ok(unsupported),
      'updates:check': () => ok(unsupported),
      'updates:restart': () => ok(unsupported),
    };
  }
  updates.onStatus((status) => hub.emit({ kind: 'update:status', status }));
  return {
    'updates:status': () => ok(updates.status()),
    'updates:check': async () => ok(await updates.check()),
    'updates:restart': () => ok(updates.restart()),
  };
}
