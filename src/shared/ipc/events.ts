import { z } from 'zod';
import { NETWORK_STATES } from '../sync-events.js';
import { appErrorSchema } from './schemas/common.js';
import { dataFolderProgressSchema, dataFolderStatusSchema } from './schemas/data-folder.js';
import { exportProgressSchema } from './schemas/reports.js';
import { sessionStateSchema } from './schemas/session.js';
import { queueCountsSchema, syncProgressSchema, syncStatusSchema, syncSummarySchema } from './schemas/sync-status.js';
import { updateStatusSchema } from './schemas/updates.js';

const count = z.number().int().min(0);
const photoUploadStates = z.enum(['queued', 'uploading', 'retrying', 'done', 'failed']);

/** The photo pipeline's `PhotoEvent`, forwarded as is (a type test keeps the two equal). */
export const photoEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('photo-file'),
    sha256: z.string(),
    originalName: z.string(),
    state: photoUploadStates,
    bytesAcked: count,
    size: count,
    error: appErrorSchema.optional(),
  }),
  z.object({
    kind: z.literal('photo-overall'),
    filesDone: count,
    filesFailed: count,
    filesTotal: count,
    bytesAcked: count,
    bytesTotal: count,
    bytesPerSecond: z.number().min(0),
    etaSeconds: z.number().min(0).nullable(),
  }),
  z.object({
    kind: z.literal('photo-scan'),
    filesSeen: count,
    filesProcessed: count,
    bytesHashed: count,
    current: z.string().optional(),
  }),
]);

/**
 * Everything main tells the page without being asked, tagged by `kind` (Actual's server-events).
 * Progress is throttled in main and never goes backwards within a run.
 */
export const appEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sync:status'), status: syncStatusSchema }),
  z.object({ kind: z.literal('sync:progress'), progress: syncProgressSchema }),
  /** A sync ended (the taskbar clears its progress and a notification says how it went). */
  z.object({ kind: z.literal('sync:finished'), summary: syncSummarySchema }),
  /** Photo scan and upload progress (issue 6), per file and overall. */
  z.object({ kind: z.literal('photos:progress'), progress: photoEventSchema }),
  z.object({ kind: z.literal('queue:changed'), counts: queueCountsSchema }),
  z.object({ kind: z.literal('conflicts:changed'), open: z.number().int().min(0) }),
  /** Reachability of the server changed. */
  z.object({ kind: z.literal('connectivity'), state: z.enum(NETWORK_STATES) }),
  z.object({ kind: z.literal('session:changed'), session: sessionStateSchema }),
  /** Moving the data folder: bytes and files copied of the totals, then checking and switching. */
  z.object({ kind: z.literal('dataFolder:progress'), progress: dataFolderProgressSchema }),
  /** The data folder was found again, located or started afresh (or is still missing). */
  z.object({ kind: z.literal('dataFolder:status'), status: dataFolderStatusSchema }),
  /** Records changed locally or by a pull: screens showing them re-read. */
  z.object({ kind: z.literal('data:changed'), entities: z.array(z.string()) }),
  /** The app's own update moved on: checking, download progress, ready to restart, waiting for a sync. */
  z.object({ kind: z.literal('update:status'), status: updateStatusSchema }),
  /** An export's rows written of its total. */
  z.object({ kind: z.literal('export:progress'), progress: exportProgressSchema }),
]);
export type AppEvent = z.infer<typeof appEventSchema>;
export type AppEventKind = AppEvent['kind'];
export type AppEventOf<K extends AppEventKind> = Extract<AppEvent, { kind: K }>;

export type Unsubscribe = () => void;
export type AppEventListener = (event: AppEvent) => void;
