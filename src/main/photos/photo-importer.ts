import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_PHOTO_BYTES } from '../../shared/entities/photo.js';
import type { AppError, Result } from '../../shared/errors.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import { createLogger, type Logger } from '../log.js';
import type { LocalStore } from '../store/index.js';
import type { DuplicateFile, ImportReport, SkippedFile } from './import-report.js';
import type { LibraryPaths } from './library-paths.js';
import type { SweepReport } from './orphan-files.js';
import { type ScannedPhoto, scanPhotos } from './scan-photos.js';
import { suggestVisit, type VisitSuggestion } from './suggest-visit.js';
import { sweepLibrary } from './sweep-library.js';
import { STAGING_GRACE_MS, type StagingSweep, sweepStaging } from './sweep-staging.js';

/**
 * The store's side of an import: the library (duplicates, the import's rows, what sweeps keep) and the
 * visits photos may belong to.
 */
export type PhotoImportStore = Pick<LocalStore, 'photoLibrary' | 'read'>;

/** A scanned photo with the visit suggested for it. */
export interface ImportCandidate extends ScannedPhoto {
  readonly suggestion: VisitSuggestion;
}

/** A finished scan, waiting for the officer to confirm or reassign visits. */
export interface ImportScan {
  readonly root: string;
  /** This scan's own folder under staging (removed by `commit` or `discard`). */
  readonly stagingDir: string;
  readonly candidates: readonly ImportCandidate[];
  readonly duplicates: readonly DuplicateFile[];
  readonly skipped: readonly SkippedFile[];
  readonly filesSeen: number;
  readonly bytesHashed: number;
  readonly startedAt: number;
}

/** What `commit` did with each candidate. */
export interface CommitResult {
  readonly imported: readonly { readonly sha256: string; readonly photoId: string; readonly relativePath: string }[];
  /** Candidates left without a visit, and candidates whose record was refused. */
  readonly skipped: readonly SkippedFile[];
}

export interface PhotoImporterOptions {
  readonly store: PhotoImportStore;
  readonly library: LibraryPaths;
  /** Size cap per file; default `MAX_PHOTO_BYTES`. */
  readonly maxBytes?: number;
  readonly now?: () => number;
  /** Staged and library files younger than this survive a sweep; default `STAGING_GRACE_MS`. */
  readonly stagingGraceMs?: number;
  /** Where sweeps report what they removed (default: the process's log, scope `photos`). */
  readonly logger?: Logger;
}

/**
 * Imports photos from a folder or card in two steps: `scan` stages every new photo (copy, hash,
 * thumbnail, EXIF) and suggests its visit; after the officer confirms or reassigns, `commit` moves the
 * photos into the library, writes their `photo` records and queues their uploads, one transaction per photo.
 */
export class PhotoImporter {
  /** Staging folders of scans not yet committed or discarded: a sweep leaves them alone. */
  private readonly openScans = new Set<string>();
  /** The library sweep under way: a commit waits for it, so it never judges a photo being moved in. */
  private librarySweep: Promise<unknown> = Promise.resolve();

  private readonly log: Logger;

  constructor(private readonly options: PhotoImporterOptions) {
    this.log = options.logger ?? createLogger('photos');
  }

  /**
   * Scans a folder or card into a staging folder of its own (so concurrent scans never share a file),
   * after sweeping what interrupted imports left in staging.
   */
  async scan(
    root: string,
    opts: { signal?: AbortSignal; onProgress?: (e: PhotoScanProgress) => void } = {},
  ): Promise<ImportScan> {
    const startedAt = this.now();
    const { store, library } = this.options;
    const stagingDir = join(library.staging, randomUUID());
    this.openScans.add(stagingDir);
    let result: Awaited<ReturnType<typeof scanPhotos>>;
    try {
      await this.sweepStaging();
      result = await scanPhotos(root, {
        stagingDir,
        maxBytes: this.options.maxBytes ?? MAX_PHOTO_BYTES,
        inLibrary: (sha256) => store.photoLibrary.has(sha256),
        signal: opts.signal,
        onProgress: opts.onProgress,
      });
    } catch (error) {
      await this.release(stagingDir);
      throw error;
    }
    const days = [...new Set(result.photos.flatMap((p) => (p.metadata.captureDay ? [p.metadata.captureDay] : [])))];
    const visits = store.read.visitsOnDays(days);
    const candidates = result.photos.map((p) => ({ ...p, suggestion: suggestVisit(p.metadata, visits) }));
    return { ...result, stagingDir, candidates, startedAt };
  }

  /**
   * Removes what interrupted imports left in staging (the app killed mid-import): files no photo row
   * references, older than the grace period; this importer's open scans are left alone. Logs what went.
   */
  async sweepStaging(): Promise<StagingSweep> {
    const swept = await sweepStaging({
      isReferenced: this.options.store.photoLibrary.referenceCheck(),
      stagingDir: this.options.library.staging,
      graceMs: this.options.stagingGraceMs ?? STAGING_GRACE_MS,
      now: this.now(),
      inUse: this.openScans,
    });
    const { log } = this;
    if (swept.removed.length > 0) {
      log.info(`removed ${swept.removed.length} staged file(s) left by interrupted imports`, {
        bytes: swept.bytesFreed,
        files: swept.removed,
      });
    }
    if (swept.referenced.length > 0) {
      log.info('kept staged files named after imported photos', { files: swept.referenced });
    }
    if (swept.failed.length > 0) log.warn('staged files could not be removed', { failed: swept.failed });
    return swept;
  }

  /**
   * Removes library files no photo row references, older than the grace period: what an import killed
   * between moving a photo into the library and writing its rows left behind. Logs what went. Commits
   * wait for it to end.
   */
  async sweepLibrary(): Promise<SweepReport> {
    const sweeping = sweepLibrary({
      isReferenced: this.options.store.photoLibrary.referenceCheck(),
      library: this.options.library,
      graceMs: this.options.stagingGraceMs ?? STAGING_GRACE_MS,
      now: this.now(),
    });
    this.librarySweep = sweeping.catch(() => undefined);
    const swept = await sweeping;
    const { log } = this;
    if (swept.removed.length > 0) {
      log.info(`removed ${swept.removed.length} library file(s) no photo references, left by interrupted imports`, {
        bytes: swept.bytesFreed,
        files: swept.removed,
      });
    }
    if (swept.failed.length > 0) log.warn('library files could not be removed', { failed: swept.failed });
    return swept;
  }

  /**
   * Imports the candidates with their confirmed visit (`assignments`: sha256 → visit id; a candidate
   * without one keeps its suggested visit; `null` leaves it out). Staged files not imported are removed.
   */
  async commit(scan: ImportScan, assignments: ReadonlyMap<string, string | null> = new Map()): Promise<CommitResult> {
    const imported: { sha256: string; photoId: string; relativePath: string }[] = [];
    const skipped: SkippedFile[] = [];
    try {
      await this.librarySweep;
      for (const c of scan.candidates) {
        const visitId = assignments.has(c.sha256) ? assignments.get(c.sha256) : c.suggestion.schoolVisitId;
        if (!visitId) {
          skipped.push({
            path: c.relativePath,
            reason: 'no-visit',
            message: `Not assigned to a visit: ${c.suggestion.reason}`,
          });
          continue;
        }
        const outcome = await this.importOne(c, visitId);
        if (outcome.ok) imported.push({ sha256: c.sha256, photoId: outcome.value, relativePath: c.relativePath });
        else skipped.push({ path: c.relativePath, reason: 'no-visit', message: outcome.error.message });
      }
    } finally {
      // Imported copies have moved into the library; whatever is left was not imported.
      await this.release(scan.stagingDir);
    }
    return { imported, skipped };
  }

  /** Drops a scan the officer cancelled: its staged copies are deleted. */
  async discard(scan: ImportScan): Promise<void> {
    await this.release(scan.stagingDir);
  }

  /** The import report of a scan and its commit (upload figures are filled in by the caller). */
  report(
    scan: ImportScan,
    commit: CommitResult,
    upload: { bytesUploaded: number; failed: number } = { bytesUploaded: 0, failed: 0 },
  ): ImportReport {
    const importedSet = new Set(commit.imported.map((i) => i.sha256));
    return {
      root: scan.root,
      filesSeen: scan.filesSeen,
      imported: commit.imported.length,
      duplicates: scan.duplicates,
      skipped: [...scan.skipped, ...commit.skipped].sort((a, b) => a.path.localeCompare(b.path)),
      warnings: scan.candidates.flatMap((c) =>
        importedSet.has(c.sha256) && c.thumbnailError ? [{ path: c.relativePath, message: c.thumbnailError }] : [],
      ),
      bytesImported: scan.candidates.filter((c) => importedSet.has(c.sha256)).reduce((n, c) => n + c.size, 0),
      bytesUploaded: upload.bytesUploaded,
      uploadsFailed: upload.failed,
      ms: this.now() - scan.startedAt,
    };
  }

  private async importOne(c: ImportCandidate, schoolVisitId: string): Promise<Result<string>> {
    const { library } = this.options;
    const blob = library.blob(c.sha256);
    await mkdir(dirname(blob), { recursive: true });
    // Dated now, not when staged (the officer may have reviewed for days): until its rows are written, a
    // library sweep in another process must see a file an import is still writing, not an old orphan.
    const movedAt = new Date(this.now());
    await utimes(c.stagedPath, movedAt, movedAt);
    await rename(c.stagedPath, blob);
    const thumb = c.thumbnailPath ? library.thumbnail(c.sha256) : null;
    if (c.thumbnailPath && thumb) {
      await utimes(c.thumbnailPath, movedAt, movedAt);
      await rename(c.thumbnailPath, thumb);
    }
    const recorded = this.recordImport(c, schoolVisitId, thumb, movedAt);
    if (!recorded.ok) {
      await rm(blob, { force: true });
      if (thumb) await rm(thumb, { force: true });
    }
    return recorded.ok ? { ok: true, value: recorded.value.id } : recorded;
  }

  /** The photo's record, library row and upload row, in one store transaction. */
  private recordImport(c: ImportCandidate, schoolVisitId: string, thumb: string | null, at: Date) {
    const { store, library } = this.options;
    const { capturedAt, latitude, longitude, camera } = c.metadata;
    try {
      return store.photoLibrary.recordImport(
        {
          schoolVisitId,
          sha256: c.sha256,
          size: c.size,
          mimeType: c.mimeType,
          capturedAt,
          latitude,
          longitude,
          camera,
          originalName: c.originalName.slice(0, 255),
          caption: null,
        },
        {
          originalName: c.originalName,
          sourcePath: c.sourcePath,
          blobPath: library.blobRelative(c.sha256),
          thumbnailPath: thumb ? library.thumbnailRelative(c.sha256) : null,
          thumbnailError: c.thumbnailError,
          importedAt: at.toISOString(),
        },
      );
    } catch (error) {
      const appError: AppError = { code: 'INTERNAL', message: 'The photo could not be saved.', detail: String(error) };
      return { ok: false as const, error: appError };
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Deletes a scan's staging folder and forgets it. */
  private async release(stagingDir: string): Promise<void> {
    await rm(stagingDir, { recursive: true, force: true });
    this.openScans.delete(stagingDir);
  }
}
