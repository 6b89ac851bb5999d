import type { Result } from '../../../shared/errors.js';
import { CHANNELS, type Channel } from '../../../shared/ipc/contract.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import type { DataFolder } from '../data-folder/data-folder.js';

/**
 * What each request does while the data folder is being moved:
 * - `uses`: it reads or writes the data folder (the settings file, the account's store, its photos,
 *   the demo server's data) or needs the account the move has closed. Refused while a move runs,
 *   with an error saying so; a move waits for those already running before it copies.
 * - `independent`: it touches no file there (values held in memory, dialogs, the log, the browser),
 *   so it runs at any time.
 * - `moves`: the move itself (it takes the folder alone).
 *
 * Refused rather than queued: a move of a large folder takes minutes, and a queued request would
 * keep the officer's click (and the page's call) unanswered all that time, then act on a folder
 * they no longer see as they left it (a sign-out or an edit landing after a move they have
 * forgotten). A refusal answers at once and changes nothing, so nothing is lost or half applied;
 * the officer does it again once the progress bar is gone. The work that runs by itself (syncs,
 * edit-triggered syncs, uploads) stops with the store the move closes, and restarts after it.
 *
 * Typed over every channel: a new channel does not build until it says how it behaves here.
 */
const DURING_A_MOVE = {
  'app:info': 'independent',
  'session:get': 'independent',
  'session:signIn': 'uses',
  'session:changePassword': 'uses',
  'session:signOut': 'uses',
  'session:startDemo': 'uses',
  'sync:status': 'independent',
  'sync:now': 'uses',
  'sync:cancel': 'uses',
  'sync:checkConnection': 'uses',
  'graph:hierarchy': 'uses',
  'graph:schools': 'uses',
  'graph:school': 'uses',
  'graph:visits': 'uses',
  'graph:visit': 'uses',
  'graph:search': 'uses',
  'home:counts': 'uses',
  'worklist:list': 'uses',
  'worklist:ids': 'uses',
  'worklist:neighbours': 'uses',
  'worklist:facets': 'uses',
  'worklist:review': 'uses',
  'worklist:undoReview': 'uses',
  'visit:review': 'uses',
  'queue:list': 'uses',
  'queue:retry': 'uses',
  'queue:discard': 'uses',
  'conflicts:list': 'uses',
  'conflicts:resolve': 'uses',
  'reports:district': 'uses',
  'reports:savePdf': 'uses',
  'exports:run': 'uses',
  // Stopping an export reads nothing: it only aborts the one running.
  'exports:cancel': 'independent',
  'settings:get': 'independent',
  'settings:set': 'uses',
  'settings:chooseDataFolder': 'moves',
  'settings:dataFolderStatus': 'independent',
  // Only ever runs while the folder is missing, when no move can: it switches folders like a move.
  'settings:recoverDataFolder': 'moves',
  // The headless shell saves exports into the data folder; the report reads the store anyway.
  'diagnostics:export': 'uses',
  'log:write': 'independent',
  'shell:openExternal': 'independent',
  // The updater's state lives in the shell's memory; the update itself is in its own folder.
  'updates:status': 'independent',
  'updates:check': 'independent',
  'updates:restart': 'independent',
  'photos:drives': 'uses',
  'photos:chooseFolder': 'independent',
  'photos:scan': 'uses',
  'photos:commit': 'uses',
  'photos:discard': 'uses',
  'photos:discardAll': 'uses',
  'photos:openScan': 'uses',
  'photos:scanPage': 'uses',
  'photos:thumbnails': 'uses',
  'photos:review': 'uses',
  'photos:upload': 'uses',
  'photos:forVisit': 'uses',
  'photos:image': 'uses',
  'photos:uploads': 'uses',
  'photos:retryUpload': 'uses',
  'photos:removeUpload': 'uses',
  'photos:inbox': 'uses',
  'photos:inboxThumbnails': 'uses',
  'photos:inboxAssign': 'uses',
  'photos:inboxRemove': 'uses',
} as const satisfies Record<Channel, 'uses' | 'independent' | 'moves'>;

/** Whether a request is refused while the data folder moves. */
export function usesDataFolder(channel: Channel): boolean {
  return DURING_A_MOVE[channel] === 'uses';
}

/** The handlers, each one that uses the data folder run through the folder's gate (refused during a move). */
export function exclusiveOfMoves(handlers: Handlers, data: DataFolder): Handlers {
  type AnyHandler = (args: unknown) => Promise<Result<unknown>> | Result<unknown>;
  const gated: Partial<Record<Channel, AnyHandler>> = {};
  for (const channel of CHANNELS) {
    const handler = handlers[channel] as AnyHandler;
    gated[channel] = usesDataFolder(channel) ? (args) => data.use(() => handler(args)) : handler;
  }
  return gated as unknown as Handlers;
}
