import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_PHOTO_BYTES } from '../../shared/entities/photo.js';
import type { AppError, Result } from '../../shared/errors.js';
import { type LocalizedText, text } from '../../shared/i18n/message.js';
import { officerError, sentence } from '../../shared/i18n/officer-error.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import { whyFileFailed } from '../fs/file-failure.js';
import { FileLockedError, type FileOps, retryingFs } from '../fs/retry-fs.js';
import { createLogger, type Logger } from '../log.js';
import type { LocalStore } from '../store/index.js';
import type { DuplicateFile, ImportReport, SkippedFile } from './import-report.js';
import type { LibraryPaths } from './library-paths.js';
import type { SweepReport } from './orphan-files.js';
import { type ScannedPhoto, type ScanPhotosOptions, scanPhotos } from './scan-photos.js';
import { type SuggestionConfidence, suggestVisit, type VisitSuggestion } from './suggest-visit.js';
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
  readonly imported: readonly {
    readonly sha256: string;
    readonly photoId: string;
    readonly relativePath: string;
    readonly schoolVisitId: string;
  }[];
  /** Candidates imported without a visit: kept in the photo inbox until the officer gives them one. */
  readonly inbox: readonly { readonly sha256: string; readonly relativePath: string }[];
  /** Candidates whose record was refused, and those `kept`. */
  readonly skipped: readonly SkippedFile[];
  /**
   * Candidates whose photo could not be moved into the library (another program held it past the
   * retries): still staged, so committing the scan again imports them. The scan stays open meanwhile.
   */
  readonly kept: readonly ImportCandidate[];
}

function roundMetres(metres: number | null): number | null {
  return metres === null ? null : Math.round(metres);
}

/** What the officer reads about a commit (one place, for translation). */
export const COMMIT_TEXT = {
  waiting: (why: LocalizedText) => text('photo-import:skip.waiting', { why: { text: why } }),
  notSaved: text('photo-import:skip.notSaved'),
} as const;

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
  /** Staging and library moves (retried through an antivirus's lock); tests inject Windows' failures. */
  readonly fs?: FileOps;
  /** Farthest a photo's GPS position may be from the school it is suggested for (the setting, read at each scan). */
  readonly maxDistanceMetres?: number | (() => number);
  /** Passed to each scan: tests make the card fail as a pulled one does, or paths long as Windows' are. */
  readonly scanning?: Pick<ScanPhotosOptions, 'stage' | 'rootAnswers' | 'paths'>;
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
  private readonly fs: FileOps;

  constructor(private readonly options: PhotoImporterOptions) {
    this.log = options.logger ?? createLogger('photos');
    this.fs = options.fs ?? retryingFs;
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
        fs: this.fs,
        ...this.options.scanning,
      });
    } catch (error) {
      await this.release(stagingDir);
      throw error;
    }
    const days = [...new Set(result.photos.flatMap((p) => (p.metadata.captureDay ? [p.metadata.captureDay] : [])))];
    const visits = store.read.visitsOnDays(days);
    const setting = this.options.maxDistanceMetres;
    const maxDistanceMetres = typeof setting === 'function' ? setting() : setting;
    const suggest = maxDistanceMetres === undefined ? {} : { maxDistanceMetres };
    const candidates = result.photos.map((p) => ({ ...p, suggestion: suggestVisit(p.metadata, visits, suggest) }));
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
      fs: this.fs,
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
      fs: this.fs,
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
   * without one keeps its suggested visit). A photo without a visit (`null`, or no suggestion) goes to
   * the photo inbox: into the library, without a record, until the officer gives it one. A photo another program holds past
   * the retries is `kept` staged (the scan stays open for another commit); once none is, the staged
   * files not imported are removed, as far as they can be (the staging sweep takes any left).
   */
  async commit(scan: ImportScan, assignments: ReadonlyMap<string, string | null> = new Map()): Promise<CommitResult> {
    const imported: { sha256: string; photoId: string; relativePath: string; schoolVisitId: string }[] = [];
    const inbox: { sha256: string; relativePath: string }[] = [];
    const skipped: SkippedFile[] = [];
    const kept: ImportCandidate[] = [];
    try {
      await this.librarySweep;
      for (const c of scan.candidates) {
        const visitId = (assignments.has(c.sha256) ? assignments.get(c.sha256) : c.suggestion.schoolVisitId) ?? null;
        const outcome = await this.importOne(c, visitId);
        if (outcome.kind === 'inbox') inbox.push({ sha256: c.sha256, relativePath: c.relativePath });
        else if (outcome.kind === 'imported') {
          const { photoId, schoolVisitId } = outcome;
          imported.push({ sha256: c.sha256, photoId, relativePath: c.relativePath, schoolVisitId });
        } else if (outcome.kind === 'kept') {
          kept.push(c);
          skipped.push({ path: c.relativePath, reason: 'locked', ...sentence(COMMIT_TEXT.waiting(outcome.why)) });
        } else {
          const { message, text: said } = outcome.error;
          skipped.push({ path: c.relativePath, reason: 'no-visit', message, ...(said ? { text: said } : {}) });
        }
      }
    } finally {
      // Imported copies have moved into the library; whatever is left was not imported (unless kept).
      if (kept.length === 0) await this.release(scan.stagingDir);
    }
    return { imported, inbox, skipped, kept };
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
    const inboxSet = new Set(commit.inbox.map((i) => i.sha256));
    const chosen = new Map(commit.imported.map((i) => [i.sha256, i.schoolVisitId]));
    return {
      root: scan.root,
      filesSeen: scan.filesSeen,
      imported: commit.imported.length,
      inbox: commit.inbox.length,
      duplicates: scan.duplicates,
      skipped: [...scan.skipped, ...commit.skipped].sort((a, b) => a.path.localeCompare(b.path)),
      warnings: scan.candidates.flatMap((c) =>
        importedSet.has(c.sha256) && c.thumbnailError
          ? [{ path: c.relativePath, message: c.thumbnailError, ...(c.thumbnailText ? { text: c.thumbnailText } : {}) }]
          : [],
      ),
      bytesImported: scan.candidates
        .filter((c) => importedSet.has(c.sha256) || inboxSet.has(c.sha256))
        .reduce((n, c) => n + c.size, 0),
      photos: scan.candidates.map((c) => {
        const visit = chosen.get(c.sha256) ?? null;
        const suggested = visit !== null && visit === c.suggestion.schoolVisitId;
        return {
          path: c.relativePath,
          schoolVisitId: visit,
          // The suggestion's confidence when the photo went to the suggested visit; the officer's choice otherwise.
          confidence: visit === null ? 'none' : suggested ? c.suggestion.confidence : ('chosen' as const),
          distanceMetres: suggested ? roundMetres(c.suggestion.distanceMetres) : null,
        };
      }),
      bytesUploaded: upload.bytesUploaded,
      uploadsFailed: upload.failed,
      waiting: commit.kept.length,
      ms: this.now() - scan.startedAt,
    };
  }

  /**
   * Moves one photo (and its thumbnail) into the library and writes its rows (its library row only, in
   * the inbox, when it has no visit). A move another program
   * blocks past the retries keeps the photo staged (`kept`); a thumbnail that cannot be moved only
   * costs the preview.
   */
  private async importOne(
    c: ImportCandidate,
    schoolVisitId: string | null,
  ): Promise<
    | { kind: 'imported'; photoId: string; schoolVisitId: string }
    | { kind: 'inbox' }
    | { kind: 'kept'; why: LocalizedText }
    | { kind: 'refused'; error: AppError }
  > {
    const { library } = this.options;
    const { fs } = this;
    const blob = library.blob(c.sha256);
    // Dated now, not when staged (the officer may have reviewed for days): until its rows are written, a
    // library sweep in another process must see a file an import is still writing, not an old orphan.
    const movedAt = new Date(this.now());
    try {
      await mkdir(dirname(blob), { recursive: true });
      await fs.utimes(c.stagedPath, movedAt, movedAt);
      await fs.rename(c.stagedPath, blob);
    } catch (error) {
      this.log.warn(`photo ${c.relativePath} could not be moved into the library`, { error: String(error) });
      if (error instanceof FileLockedError) return { kind: 'kept', why: whyFileFailed(error) };
      return { kind: 'refused', error: officerError('FILE', whyFileFailed(error), { detail: String(error) }) };
    }
    let thumb = c.thumbnailPath ? library.thumbnail(c.sha256) : null;
    if (c.thumbnailPath && thumb) {
      try {
        await fs.utimes(c.thumbnailPath, movedAt, movedAt);
        await fs.rename(c.thumbnailPath, thumb);
      } catch (error) {
        this.log.warn(`the preview of ${c.relativePath} could not be moved; imported without one`, {
          error: String(error),
        });
        thumb = null;
      }
    }
    const recorded = this.recordImport(c, schoolVisitId, thumb, movedAt);
    if (recorded.ok && recorded.value && schoolVisitId) {
      return { kind: 'imported', photoId: recorded.value.id, schoolVisitId };
    }
    if (recorded.ok) return { kind: 'inbox' };
    // Best effort: a library file no row names is swept later.
    await fs.rm(blob, { force: true }).catch(() => undefined);
    if (thumb) await fs.rm(thumb, { force: true }).catch(() => undefined);
    return { kind: 'refused', error: recorded.error };
  }

  /**
   * The photo's record, library row and upload row, in one store transaction; only its library row when
   * it has no visit (the inbox: `null` on success).
   */
  private recordImport(
    c: ImportCandidate,
    schoolVisitId: string | null,
    thumb: string | null,
    at: Date,
  ): Result<{ id: string } | null> {
    const { store, library } = this.options;
    const { capturedAt, latitude, longitude, camera } = c.metadata;
    const entry = {
      originalName: c.originalName,
      sourcePath: c.sourcePath,
      blobPath: library.blobRelative(c.sha256),
      thumbnailPath: thumb ? library.thumbnailRelative(c.sha256) : null,
      thumbnailError: c.thumbnailError,
      importedAt: at.toISOString(),
    };
    const taken = { sha256: c.sha256, size: c.size, mimeType: c.mimeType, capturedAt, latitude, longitude, camera };
    try {
      if (schoolVisitId === null) return store.photoLibrary.recordUnassigned(taken, entry);
      const fields = { ...taken, schoolVisitId, originalName: c.originalName.slice(0, 255), caption: null };
      return store.photoLibrary.recordImport(fields, entry);
    } catch (error) {
      const appError = officerError('INTERNAL', COMMIT_TEXT.notSaved, { detail: String(error) });
      return { ok: false as const, error: appError };
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The assignments that keep only suggestions at least as sure as `min` (the rest left out, reported). */
  static suggestedAtLeast(scan: ImportScan, min: Exclude<SuggestionConfidence, 'none'>): Map<string, string | null> {
    const rank: Record<SuggestionConfidence, number> = { high: 3, medium: 2, low: 1, none: 0 };
    return new Map(
      scan.candidates.map((c) => [
        c.sha256,
        rank[c.suggestion.confidence] >= rank[min] ? c.suggestion.schoolVisitId : null,
      ]),
    );
  }

  /**
   * Deletes a scan's staging folder and forgets it. Best effort: a file Windows still holds (a
   * thumbnail an antivirus is scanning stays "delete pending") must not turn a finished import into an
   * error; the staging sweep removes what is left once the scan is forgotten.
   */
  private async release(stagingDir: string): Promise<void> {
    this.openScans.delete(stagingDir);
    try {
      await this.fs.rm(stagingDir, { recursive: true, force: true });
    } catch (error) {
      this.log.warn('a finished scan’s staging folder could not be removed; the staging sweep will', {
        folder: stagingDir,
        error: String(error),
      });
    }
  }
}
