import { z } from 'zod';
import { localizedTextSchema } from '../../i18n/message.js';
import { settingsSchema } from './settings.js';

const count = z.number().int().min(0);

/** The steps of a move, in order; a move's events only ever step forward through them. */
export const DATA_FOLDER_MOVE_PHASES = ['preparing', 'copying', 'verifying', 'switching', 'finished'] as const;
export type DataFolderMovePhase = (typeof DATA_FOLDER_MOVE_PHASES)[number];

/**
 * How far a move of the data folder is. `preparing`: work already running ends and the database
 * closes (totals still 0, unknown); `copying`: bytes and files copied of the totals; `verifying`:
 * the copy is checked; `switching`: the app starts using it; `finished`: the move ended, however
 * it went (the answer to `settings:chooseDataFolder` says how). Counts never go backwards.
 */
export const dataFolderProgressSchema = z.object({
  phase: z.enum(DATA_FOLDER_MOVE_PHASES),
  from: z.string(),
  to: z.string(),
  bytesCopied: count,
  bytesTotal: count,
  filesCopied: count,
  filesTotal: count,
});
export type DataFolderProgress = z.infer<typeof dataFolderProgressSchema>;

/** What a move did, once the app uses the new folder. */
export const dataFolderMovedSchema = z.object({
  from: z.string(),
  to: z.string(),
  bytes: count,
  files: count,
  databases: count,
  /**
   * The old copy could not be (wholly) removed: what is left in `folder` is no longer used and can
   * be deleted by hand. The move itself succeeded.
   */
  leftBehind: z.object({ folder: z.string(), reason: localizedTextSchema }).nullable(),
});
export type DataFolderMoved = z.infer<typeof dataFolderMovedSchema>;

/** The answer to a move: the settings as they are now, and what moved (`null`: the dialog was cancelled). */
export const dataFolderMoveResultSchema = z.object({
  settings: settingsSchema,
  moved: dataFolderMovedSchema.nullable(),
});

/**
 * Whether the data folder is there. `missing`: the folder the officer chose cannot be found or holds
 * no Fieldsync data (a USB drive not inserted, another drive now using its letter, OneDrive having
 * moved Documents), or the record of where it is cannot be read. Nothing is created in its place:
 * requests that need the data are refused until the officer looks again, points to the folder, or
 * starts afresh in the default folder (`settings:recoverDataFolder`).
 */
export const dataFolderStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok'), folder: z.string() }),
  z.object({
    state: z.literal('missing'),
    /** The folder looked for; `null` when the record names none that could be read. */
    folder: z.string().nullable(),
    /** Why it cannot be used, in the officer's language. */
    reason: localizedTextSchema,
    /** Where "start afresh" puts the data (the app's own folder). */
    defaultFolder: z.string(),
  }),
]);
export type DataFolderStatus = z.infer<typeof dataFolderStatusSchema>;

/**
 * What the officer does about a missing data folder: `retry` looks again (the drive is back),
 * `locate` picks the folder that holds the data, `startFresh` uses the app's own folder.
 */
export const DATA_FOLDER_RECOVERY = ['retry', 'locate', 'startFresh'] as const;
export const dataFolderRecoverArgsSchema = z.strictObject({ action: z.enum(DATA_FOLDER_RECOVERY) });
