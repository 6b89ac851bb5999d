/**
 * The one capability the preload gives the page besides the contract: the file-system path of a
 * dropped file or folder. Electron 32+ no longer sets `File.path`; `webUtils.getPathForFile` is
 * only reachable from the preload. No IPC is involved, so it is not a contract channel.
 */
export interface DroppedFilesApi {
  /** Path of a dropped file or folder, or an empty string for a file that has none. */
  pathForFile(file: File): string;
}

/** The name the preload exposes `DroppedFilesApi` under on `window`. */
export const DROPPED_FILES_GLOBAL = 'fieldsyncFiles';
