/**
 * The one IPC contract between the page and main (GitHub Desktop's ipc-shared.ts, Actual's handlers.ts).
 * Every invoke channel is `domain:verb` with a zod schema for its argument and for its result value;
 * every answer is a `Result`. Main validates each argument and the sender frame before a handler runs;
 * the preload and the WebSocket client build one method per channel from this table, so nothing drifts.
 *
 * Adding a channel: add it here with both schemas, implement it in the app core's handlers
 * (`src/main/app/handlers/`), call it from the page as `api.<domain>.<verb>(args)`. See docs/ARCHITECTURE.md.
 */
import { z } from 'zod';
import type { Result } from '../errors.js';
import { districtReportSchema, reportRequestSchema } from '../reports/district-report.js';
import { NETWORK_STATES } from '../sync-events.js';
import { noArgs } from './schemas/common.js';
import { conflictListArgsSchema, conflictViewSchema, resolveArgsSchema } from './schemas/conflicts.js';
import {
  dataFolderMoveResultSchema,
  dataFolderRecoverArgsSchema,
  dataFolderStatusSchema,
} from './schemas/data-folder.js';
import {
  hierarchySchema,
  opRefSchema,
  reviewArgsSchema,
  schoolDetailSchema,
  schoolPageSchema,
  schoolsArgsSchema,
  searchArgsSchema,
  searchResultSchema,
  visitGraphSchema,
  visitPageSchema,
  visitsArgsSchema,
} from './schemas/graph.js';
import { homeCountsSchema } from './schemas/home.js';
import {
  commitArgsSchema,
  importReportSchema,
  importScanSchema,
  inboxArgsSchema,
  inboxAssignArgsSchema,
  inboxChangeSchema,
  inboxPageSchema,
  inboxRemoveArgsSchema,
  inboxThumbnailArgsSchema,
  photoImageSchema,
  photoUploadItemSchema,
  removableDriveSchema,
  reviewEditArgsSchema,
  scanArgsSchema,
  scanIdArgsSchema,
  scanPageArgsSchema,
  scanPageSchema,
  thumbnailArgsSchema,
  thumbnailsSchema,
  uploadCountsSchema,
  uploadRefSchema,
  visitPhotoSchema,
} from './schemas/photos.js';
import { discardResultSchema, opArgsSchema, queueListArgsSchema, queueListSchema } from './schemas/queue.js';
import { exportArgsSchema, exportFileResultSchema } from './schemas/reports.js';
import { appInfoSchema, changePasswordArgsSchema, sessionStateSchema, signInArgsSchema } from './schemas/session.js';
import {
  exportResultSchema,
  logArgsSchema,
  openExternalArgsSchema,
  settingsPatchSchema,
  settingsSchema,
} from './schemas/settings.js';
import { syncStatusSchema, syncSummarySchema } from './schemas/sync-status.js';
import { updateStatusSchema } from './schemas/updates.js';
import {
  bulkReviewArgsSchema,
  bulkReviewSchema,
  undoBulkReviewArgsSchema,
  undoBulkReviewSchema,
  worklistArgsSchema,
  worklistFacetsSchema,
  worklistIdsArgsSchema,
  worklistIdsSchema,
  worklistNeighboursArgsSchema,
  worklistNeighboursSchema,
  worklistPageSchema,
} from './schemas/worklist.js';

interface ChannelSpec<A extends z.ZodType, R extends z.ZodType> {
  readonly args: A;
  readonly result: R;
}

const channel = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R): ChannelSpec<A, R> => ({
  args,
  result,
});

const idArg = z.strictObject({ id: z.uuid() });

export const invokeContract = {
  'app:info': channel(noArgs, appInfoSchema),

  'session:get': channel(noArgs, sessionStateSchema),
  /** Fails PASSWORD_CHANGE_REQUIRED for a one-time password: `session:changePassword` goes on from there. */
  'session:signIn': channel(signInArgsSchema, sessionStateSchema),
  /**
   * Replaces the one-time password of the last sign-in with the officer's own and signs in; a refusal
   * names `field: 'newPassword'` and the policy `rule`, and may be tried again.
   */
  'session:changePassword': channel(changePasswordArgsSchema, sessionStateSchema),
  'session:signOut': channel(noArgs, sessionStateSchema),
  /** Starts the reference server in-process on an embedded, seeded data dir and signs in to it. */
  'session:startDemo': channel(noArgs, sessionStateSchema),

  'sync:status': channel(noArgs, syncStatusSchema),
  /** Runs a sync now (joins the running one). */
  'sync:now': channel(noArgs, syncSummarySchema),
  'sync:cancel': channel(noArgs, z.boolean()),
  /**
   * Asks whether the server is reachable now ("Try again now", or the page heard the OS network come
   * back: `osOnline: true`; gone: `osOnline: false` sets Offline at once). Answers the state found.
   */
  'sync:checkConnection': channel(z.object({ osOnline: z.boolean().optional() }).strict(), z.enum(NETWORK_STATES)),

  /** Countries, regions and districts with counts. */
  'graph:hierarchy': channel(noArgs, hierarchySchema),
  'graph:schools': channel(schoolsArgsSchema, schoolPageSchema),
  'graph:school': channel(idArg, schoolDetailSchema),
  'graph:visits': channel(visitsArgsSchema, visitPageSchema),
  'graph:visit': channel(idArg, visitGraphSchema),
  'graph:search': channel(searchArgsSchema, searchResultSchema),

  /**
   * What needs the officer today (the home page): visits awaiting review, follow-ups due, open conflicts,
   * photos not uploaded and changes needing attention, counted in SQL as the lists they open count them.
   */
  'home:counts': channel(noArgs, homeCountsSchema),

  /** A page of the review worklist (tab, combined filters, sort) with every tab's count under the filters. */
  'worklist:list': channel(worklistArgsSchema, worklistPageSchema),
  /** The ids of the worklist's visits in its order (select all, Shift+click across pages). */
  'worklist:ids': channel(worklistIdsArgsSchema, worklistIdsSchema),
  /** The visits before and after one in the worklist's order ("Approve and next"). */
  'worklist:neighbours': channel(worklistNeighboursArgsSchema, worklistNeighboursSchema),
  /** Districts, and monitors of one district (or all), to offer in the worklist's filters. */
  'worklist:facets': channel(z.strictObject({ districtId: z.uuid().optional() }), worklistFacetsSchema),
  /** Approve or flag the selected visits: one transaction, one outbox operation per visit. */
  'worklist:review': channel(bulkReviewArgsSchema, bulkReviewSchema),
  /** Takes the session's last bulk review back: earlier reviews restored, unsent operations withdrawn. */
  'worklist:undoReview': channel(undoBulkReviewArgsSchema, undoBulkReviewSchema),

  /** Approve a visit, or flag it with a comment; works offline (the edit goes to the outbox). */
  'visit:review': channel(reviewArgsSchema, opRefSchema),

  'queue:list': channel(queueListArgsSchema, queueListSchema),
  'queue:retry': channel(opArgsSchema, opRefSchema),
  'queue:discard': channel(opArgsSchema, discardResultSchema),

  'conflicts:list': channel(conflictListArgsSchema, z.object({ items: z.array(conflictViewSchema) })),
  /** Applies the officer's choice per field and re-syncs the record. */
  'conflicts:resolve': channel(resolveArgsSchema, opRefSchema),

  /** The district report's figures for a period and area, from the local store (works offline). */
  'reports:district': channel(reportRequestSchema, districtReportSchema),
  /**
   * Saves the report on screen as an A4 PDF (Electron's printToPDF of the window, with the office, area,
   * period and page numbers in the footer) where the officer chooses. Refused (`BAD_REQUEST`) where the
   * shell cannot print: the browser host prints with the browser's own dialog.
   */
  'reports:savePdf': channel(reportRequestSchema, exportResultSchema),
  /**
   * Exports one list under the worklist's filters to .xlsx or CSV where the officer chooses (the
   * headless shell writes into its export folder). Progress comes as `export:progress` events; one
   * export at a time (a second is refused with `BAD_REQUEST`).
   */
  'exports:run': channel(exportArgsSchema, exportFileResultSchema),
  /** Stops the running export (nothing is left behind); `false` when none was running. */
  'exports:cancel': channel(noArgs, z.boolean()),

  'settings:get': channel(noArgs, settingsSchema),
  'settings:set': channel(settingsPatchSchema, settingsSchema),
  /**
   * Asks for a folder (Electron dialog) and moves the data there: copied, verified, used, then the
   * old copy removed (if that fails, `moved.leftBehind` says where it is). On failure the data stays
   * in use where it was and the error says why. Progress comes as `dataFolder:progress` events; while
   * a move runs, requests that use the data folder are refused (see `handlers/during-a-move.ts`).
   */
  'settings:chooseDataFolder': channel(noArgs, dataFolderMoveResultSchema),
  /** Whether the data folder is there (`missing`: nothing that needs the data runs; see the schema). */
  'settings:dataFolderStatus': channel(noArgs, dataFolderStatusSchema),
  /** Looks for a missing data folder again, lets the officer point to it, or starts afresh in the default one. */
  'settings:recoverDataFolder': channel(dataFolderRecoverArgsSchema, dataFolderStatusSchema),

  /** Writes logs, versions and a queue summary (never tokens or passwords) to a file the officer picks. */
  'diagnostics:export': channel(noArgs, exportResultSchema),
  /** Renderer log lines, forwarded to main's log file. */
  'log:write': channel(logArgsSchema, z.null()),
  /** Opens an allow-listed web page in the system browser. */
  'shell:openExternal': channel(openExternalArgsSchema, z.null()),

  /** The app's own update: where it stands (changes come as `update:status` events). */
  'updates:status': channel(noArgs, updateStatusSchema),
  /** Checks the server's update feed now (also when automatic checks are off); a newer version downloads in the background. */
  'updates:check': channel(noArgs, updateStatusSchema),
  /**
   * The officer agreed to restart into the downloaded version: at once, or, while a sync or an upload
   * runs, as soon as it ends (`restartWaitingFor` says which).
   */
  'updates:restart': channel(noArgs, updateStatusSchema),

  /** Mounted removable drives (camera cards, USB sticks) to import from. */
  'photos:drives': channel(noArgs, z.array(removableDriveSchema)),
  /** Asks for a folder to import (Electron dialog); `null` when cancelled or headless. */
  'photos:chooseFolder': channel(noArgs, z.string().nullable()),
  /** Scans a folder or card: stages new photos, suggests their visits; nothing is imported yet. */
  'photos:scan': channel(scanArgsSchema, importScanSchema),
  /** The scan awaiting review, if any (the screen resumes it after the officer went elsewhere). */
  'photos:openScan': channel(noArgs, importScanSchema.nullable()),
  /** Another page of a scan's photos to review. */
  'photos:scanPage': channel(scanPageArgsSchema, scanPageSchema),
  /** Previews of a few photos of a scan (those the review shows). */
  'photos:thumbnails': channel(thumbnailArgsSchema, thumbnailsSchema),
  /** The officer's review of a scan, kept in main: photos moved to a visit or left out, photos ticked. */
  'photos:review': channel(reviewEditArgsSchema, z.null()),
  /** Imports a scan with the officer's visit choices, queues the uploads and starts them. */
  'photos:commit': channel(commitArgsSchema, importReportSchema),
  /** Drops a scan the officer cancelled. */
  'photos:discard': channel(scanIdArgsSchema, z.null()),
  /** Drops every open scan (a data-folder move refused because of one). */
  'photos:discardAll': channel(noArgs, z.null()),
  /** Runs the upload queue now (failed uploads are tried again); answers the queue's counts. */
  'photos:upload': channel(noArgs, uploadCountsSchema),
  'photos:forVisit': channel(idArg, z.object({ items: z.array(visitPhotoSchema) })),
  /** One photo of this PC's library for the viewer: upright (EXIF orientation applied), full size. */
  'photos:image': channel(uploadRefSchema, photoImageSchema),
  /** The photo upload queue: unfinished first, then the latest done (at most 200). */
  'photos:uploads': channel(noArgs, z.object({ items: z.array(photoUploadItemSchema) })),
  /** Tries a failed upload again (refused for a permanent failure); starts a sync. */
  'photos:retryUpload': channel(uploadRefSchema, z.boolean()),
  /** Takes a file out of the queue and deletes its photo record (sent with the next sync). */
  'photos:removeUpload': channel(uploadRefSchema, z.boolean()),
  /** The photo inbox: photos imported without a visit, kept in this PC's library until given one. */
  'photos:inbox': channel(inboxArgsSchema, inboxPageSchema),
  /** Previews of a few inbox photos. */
  'photos:inboxThumbnails': channel(inboxThumbnailArgsSchema, thumbnailsSchema),
  /** Gives inbox photos a visit: each gets its photo record (synced) and its upload. */
  'photos:inboxAssign': channel(inboxAssignArgsSchema, inboxChangeSchema),
  /** Deletes inbox photos from this PC (they were never synced). */
  'photos:inboxRemove': channel(inboxRemoveArgsSchema, inboxChangeSchema),
} as const satisfies Record<`${string}:${string}`, ChannelSpec<z.ZodType, z.ZodType>>;

export type InvokeContract = typeof invokeContract;
export type Channel = keyof InvokeContract;
/** What a caller passes (before defaults). */
export type ArgsOf<C extends Channel> = z.input<InvokeContract[C]['args']>;
/** What a handler receives (after defaults and trimming). */
export type ParsedArgsOf<C extends Channel> = z.output<InvokeContract[C]['args']>;
export type ValueOf<C extends Channel> = z.output<InvokeContract[C]['result']>;
export type ResultOf<C extends Channel> = Result<ValueOf<C>>;

export const CHANNELS = Object.keys(invokeContract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(invokeContract, name);
}

/** The Electron channel that carries `AppEvent`s from main to the page. */
export const EVENT_CHANNEL = 'fieldsync:event';
