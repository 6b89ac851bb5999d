import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Result } from '../../shared/errors.js';
import { createLogger, type Logger } from '../log.js';
import { LibraryPaths } from './library-paths.js';
import { PhotoImporter } from './photo-importer.js';
import { photosSyncPhase } from './photos-sync-phase.js';
import { PhotoApi } from './upload/photo-api.js';
import { UploadQueue } from './upload/upload-queue.js';
import { StoreVisitCatalog } from './visit-catalog.js';

/** The slice of the local store the photo pipeline writes through. */
export interface PhotoStore {
  readonly db: BetterSQLite3Database;
  /** A local create: the record and its outbox op in one transaction (the store's own rule). */
  createRecord(entity: string, fields: Record<string, unknown>): Result<{ id: string }>;
}

export interface PhotoPipelineOptions {
  readonly store: PhotoStore;
  /** The library folder (blobs, thumbnails, staging), e.g. `<app data>/photos`. */
  readonly libraryDir: string;
  readonly baseUrl: string;
  /** The sync session's current token. */
  readonly token: () => string;
  /** Files uploaded at once (setting; default 4); a function is read at each upload run. */
  readonly concurrency?: number | (() => number);
  readonly maxBytes?: number;
  /** Staged and library files younger than this survive the sweeps (default 24 h). */
  readonly stagingGraceMs?: number;
  readonly logger?: Logger;
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
  const { db } = options.store;
  const logger = options.logger ?? createLogger('photos');
  const importer = new PhotoImporter({
    db,
    library,
    visits: new StoreVisitCatalog(db),
    records: { createPhoto: (fields) => options.store.createRecord('photo', fields) },
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.stagingGraceMs !== undefined ? { stagingGraceMs: options.stagingGraceMs } : {}),
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
  const api = new PhotoApi({ baseUrl: options.baseUrl, token: options.token });
  const queue = new UploadQueue({
    db,
    api,
    library,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  /** Resolves once the opening sweeps are done: close the store only after it (a sweep reads its rows). */
  const sweepsDone = Promise.all([stagingSwept, librarySwept]).then(() => undefined);
  return { db, library, importer, queue, api, phase: photosSyncPhase(queue), stagingSwept, librarySwept, sweepsDone };
}

export type PhotoPipeline = ReturnType<typeof createPhotoPipeline>;
