import type { FileOps } from '../fs/retry-fs.js';
import { createLogger, type Logger } from '../log.js';
import type { LocalStore } from '../store/index.js';
import type { ServerConnection } from '../sync/server-connection.js';
import { LibraryPaths } from './library-paths.js';
import { PhotoImporter } from './photo-importer.js';
import { PhotoInbox } from './photo-inbox.js';
import { photosSyncPhase } from './photos-sync-phase.js';
import { PhotoApi } from './upload/photo-api.js';
import { UploadQueue } from './upload/upload-queue.js';

/** The slice of the local store the photo pipeline reads and writes through. */
export type PhotoStore = Pick<LocalStore, 'photoLibrary' | 'photoUploads' | 'read'>;

export interface PhotoPipelineOptions {
  readonly store: PhotoStore;
  /** The library folder (blobs, thumbnails, staging), e.g. `<app data>/photos`. */
  readonly libraryDir: string;
  /** The sync's connection to the server: its session, reachability and Cancel serve the uploads too. */
  readonly connection: ServerConnection;
  /** Files uploaded at once (setting; default 4); a function is read at each upload run. */
  readonly concurrency?: number | (() => number);
  readonly maxBytes?: number;
  /** Farthest a photo's GPS position may be from the school suggested for it (setting; default 2 km). */
  readonly maxDistanceMetres?: number | (() => number);
  /** Staged and library files younger than this survive the sweeps (default 24 h). */
  readonly stagingGraceMs?: number;
  readonly logger?: Logger;
  /** File moves and deletes, retried through another program's lock (tests inject Windows' failures). */
  readonly fs?: FileOps;
}

/**
 * Assembles the photo pipeline over the app's store and sync session: the importer (writing `photo`
 * records through the store, so they sync like any edit), the upload queue and the sync engine's
 * photos phase. The app façade and the CLI both build it here, when they open the store: staged files
 * an interrupted import left behind are swept then (`stagingSwept`), and again at each import, and so
 * are library files it moved in without writing their rows (`librarySwept`).
 */
export function createPhotoPipeline(options: PhotoPipelineOptions) {
  const library = new LibraryPaths(options.libraryDir);
  const { store } = options;
  const logger = options.logger ?? createLogger('photos');
  const importer = new PhotoImporter({
    store,
    library,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.maxDistanceMetres !== undefined ? { maxDistanceMetres: options.maxDistanceMetres } : {}),
    ...(options.stagingGraceMs !== undefined ? { stagingGraceMs: options.stagingGraceMs } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
    logger,
  });
  // Not awaited: opening the account must not wait on the disk. A sweep never touches an open scan.
  const stagingSwept = importer.sweepStaging().catch((error: unknown) => {
    logger.warn('the staging folder could not be swept', { error: String(error) });
    return null;
  });
  const librarySwept = importer.sweepLibrary().catch((error: unknown) => {
    logger.warn('the photo library could not be swept', { error: String(error) });
    return null;
  });
  const inbox = new PhotoInbox({ store, library, logger, ...(options.fs ? { fs: options.fs } : {}) });
  const api = new PhotoApi(options.connection);
  const queue = new UploadQueue({
    store,
    api,
    library,
    logger,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  /** Resolves once the opening sweeps are done: close the store only after it (a sweep reads its rows). */
  const sweepsDone = Promise.all([stagingSwept, librarySwept]).then(() => undefined);
  return {
    store,
    library,
    importer,
    inbox,
    queue,
    api,
    phase: photosSyncPhase(queue),
    stagingSwept,
    librarySwept,
    sweepsDone,
  };
}

export type PhotoPipeline = ReturnType<typeof createPhotoPipeline>;
