import { z } from 'zod';
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
  leftBehind: z.object({ folder: z.string(), reason: z.string() }).nullable(),
});
export type DataFolderMoved = z.infer<typeof dataFolderMovedSchema>;

/** The answer to a move: the settings as they are now, and what moved (`null`: the dialog was cancelled). */
export const dataFolderMoveResultSchema = z.object({
  settings: settingsSchema,
  moved: dataFolderMovedSchema.nullable(),
});
