import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { err, ok, type Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import {
  type ImportCandidateView,
  type ImportScanView,
  type PhotoImageView,
  SCAN_PAGE_SIZE,
  type ScanPageView,
  type VisitOption,
} from '../../shared/ipc/schemas/photos.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import type { VisitPhotoRow } from '../store/index.js';
import { jpegDataUrl } from './image-data-url.js';
import type { ImportReport } from './import-report.js';
import { uprightImage } from './make-thumbnail.js';
import type { ImportScan } from './photo-importer.js';
import type { PhotoPipeline } from './photo-pipeline.js';
import { listRemovableDrives, type RemovableDrive } from './removable-drives.js';
import { visitsToOffer } from './visits-to-offer.js';

/** A photo on the visit screen, with how its upload is doing on this device and its thumbnail as a data URL. */
export interface VisitPhoto extends Omit<VisitPhotoRow, 'hasThumbnail'> {
  readonly thumbnail: string | null;
}

/** A change the review makes to some photos of a scan (see `review`). */
export type ReviewChange =
  | { readonly kind: 'assign'; readonly schoolVisitId: string | null }
  | { readonly kind: 'select' };

/**
 * What the import screen asks of the photo pipeline, in screen-sized answers: scans kept between
 * "scan" and "import", thumbnails as data URLs (the page cannot read files), photos of a visit.
 */
export class PhotoImportService {
  private readonly scans = new Map<string, ImportScan>();
  /**
   * The officer's visit per photo of each open scan (first the suggestion), changed by the review and
   * kept after a commit in part (photos held by another program wait with them).
   */
  private readonly chosen = new Map<string, Map<string, string | null>>();
  /** Each open scan's visits to offer and the photos ticked: the review resumes where it was left. */
  private readonly reviews = new Map<string, { readonly visits: VisitOption[]; selected: ReadonlySet<string> }>();
  /** Scans being committed: a second commit of the same scan is refused while one runs. */
  private readonly committing = new Set<string>();
  /** Scans started and not yet answered. */
  private running = 0;

  constructor(
    private readonly pipeline: PhotoPipeline,
    private readonly options: { listDrives?: () => Promise<RemovableDrive[]> } = {},
  ) {}

  async drives(): Promise<Result<RemovableDrive[]>> {
    try {
      return ok(await (this.options.listDrives ?? listRemovableDrives)());
    } catch (error) {
      return err(officerError('INTERNAL', text('errors:photoImport.drives'), { detail: String(error) }));
    }
  }

  /**
   * Scans running or waiting for the officer's review. They live in this process only: whatever closes
   * the account (a data-folder move) would lose them. A scan being imported is not counted: the import
   * ends by itself (a move waits for it), and only what it leaves waiting (photos another program
   * held) counts again afterwards.
   */
  get openScans(): number {
    return this.running + this.scans.size - this.committing.size;
  }

  async scan(path: string, onProgress?: (e: PhotoScanProgress) => void): Promise<Result<ImportScanView>> {
    this.running++;
    try {
      return await this.scanFolder(path, onProgress);
    } finally {
      this.running--;
    }
  }

  private async scanFolder(path: string, onProgress?: (e: PhotoScanProgress) => void): Promise<Result<ImportScanView>> {
    const folder = await stat(path).catch(() => null);
    if (!folder?.isDirectory()) {
      return err(officerError('FILE', text('errors:photoImport.notAFolder', { folder: path }), { field: 'path' }));
    }
    const scan = await this.pipeline.importer.scan(path, onProgress ? { onProgress } : {});
    const scanId = randomUUID();
    this.scans.set(scanId, scan);
    this.chosen.set(scanId, new Map(scan.candidates.map((c) => [c.sha256, c.suggestion.schoolVisitId])));
    this.reviews.set(scanId, { visits: this.visitsFor(scan), selected: new Set() });
    return ok(this.view(scanId));
  }

  /** Visits the officer can assign photos to: those on the photos' days, then the most recent. */
  private visitsFor(scan: ImportScan): VisitOption[] {
    const days = scan.candidates.flatMap((c) => (c.metadata.captureDay ? [c.metadata.captureDay] : []));
    return visitsToOffer(this.pipeline.store.read, days);
  }

  /** A scan as the review screen starts from: its outcome, its visits and the first page of its photos. */
  private view(scanId: string): ImportScanView {
    const scan = this.scans.get(scanId);
    const review = this.reviews.get(scanId);
    if (!scan || !review) throw new Error(`No open scan ${scanId}`);
    return {
      scanId,
      root: scan.root,
      filesSeen: scan.filesSeen,
      candidateCount: scan.candidates.length,
      candidates: this.rows(scanId, scan, 0, SCAN_PAGE_SIZE),
      duplicates: [...scan.duplicates],
      skipped: [...scan.skipped],
      visits: review.visits,
    };
  }

  /** The photos `offset`..`offset + limit` of a scan, with the review's choices and without previews. */
  private rows(scanId: string, scan: ImportScan, offset: number, limit: number): ImportCandidateView[] {
    const chosen = this.chosen.get(scanId);
    const selected = this.reviews.get(scanId)?.selected;
    return scan.candidates
      .slice(offset, offset + limit)
      .map(({ stagedPath: _s, thumbnailPath, thumbnailText: _t, sourcePath: _p, metadata, ...c }) => ({
        ...c,
        capturedAt: metadata.capturedAt,
        camera: metadata.camera,
        latitude: metadata.latitude,
        longitude: metadata.longitude,
        hasThumbnail: thumbnailPath !== null,
        assigned: chosen?.has(c.sha256) ? (chosen.get(c.sha256) ?? null) : c.suggestion.schoolVisitId,
        selected: selected?.has(c.sha256) ?? false,
      }));
  }

  /**
   * The scan awaiting review, for the screen coming back to it; the latest when there are several,
   * `null` when none (one being imported is not offered).
   */
  openScan(): Result<ImportScanView | null> {
    const open = [...this.scans.keys()].filter((id) => !this.committing.has(id));
    const latest = open.at(-1);
    return ok(latest ? this.view(latest) : null);
  }

  scanPage(scanId: string, offset: number, limit: number): Result<ScanPageView> {
    const scan = this.scans.get(scanId);
    if (!scan) return err(officerError('NOT_FOUND', text('errors:photoImport.scanGone')));
    return ok({ offset, candidateCount: scan.candidates.length, candidates: this.rows(scanId, scan, offset, limit) });
  }

  /** Previews of a few photos of a scan, as data URLs (the page cannot read files). */
  async thumbnails(
    scanId: string,
    sha256s: readonly string[],
  ): Promise<Result<{ sha256: string; thumbnail: string | null }[]>> {
    const scan = this.scans.get(scanId);
    if (!scan) return err(officerError('NOT_FOUND', text('errors:photoImport.scanGone')));
    const wanted = new Set(sha256s);
    const found = scan.candidates.filter((c) => wanted.has(c.sha256));
    const paths = new Map(found.map((c) => [c.sha256, c.thumbnailPath]));
    return ok(
      await Promise.all(
        sha256s.map(async (sha256) => {
          const path = paths.get(sha256);
          return { sha256, thumbnail: path ? await jpegDataUrl(path) : null };
        }),
      ),
    );
  }

  /**
   * Keeps the officer's review of a scan: photos moved to a visit (`null`: left out) or the photos
   * ticked. Photos not of the scan are refused, so a stale page never assigns what it does not show.
   */
  review(scanId: string, sha256s: readonly string[], change: ReviewChange): Result<null> {
    const scan = this.scans.get(scanId);
    const review = this.reviews.get(scanId);
    const chosen = this.chosen.get(scanId);
    if (!scan || !review || !chosen) return err(officerError('NOT_FOUND', text('errors:photoImport.scanGone')));
    const inScan = new Set(scan.candidates.map((c) => c.sha256));
    const stranger = sha256s.find((sha) => !inScan.has(sha));
    if (stranger) {
      return err(officerError('BAD_REQUEST', text('errors:photoImport.notInScan'), { detail: stranger }));
    }
    if (change.kind === 'select') review.selected = new Set(sha256s);
    else for (const sha of sha256s) chosen.set(sha, change.schoolVisitId);
    return ok(null);
  }

  /** Drops every open scan not being imported (a data-folder move refused because of them). */
  async discardAll(): Promise<Result<null>> {
    for (const scanId of [...this.scans.keys()]) {
      if (!this.committing.has(scanId)) await this.discard(scanId);
    }
    return ok(null);
  }

  /**
   * Imports a scan with the officer's visits. The scan is dropped only once nothing of it is left to
   * import: photos another program held are still staged, so the scan stays open with them and the
   * officer's choices, and committing it again imports them. A commit that fails keeps the scan whole.
   */
  async commit(
    scanId: string,
    assignments: readonly { sha256: string; schoolVisitId: string | null }[],
  ): Promise<Result<ImportReport>> {
    const scan = this.scans.get(scanId);
    if (!scan) return err(officerError('NOT_FOUND', text('errors:photoImport.scanGone')));
    if (this.committing.has(scanId)) return err(officerError('BAD_REQUEST', text('errors:photoImport.importing')));
    this.committing.add(scanId);
    try {
      const chosen = new Map([
        ...(this.chosen.get(scanId) ?? []),
        ...assignments.map((a) => [a.sha256, a.schoolVisitId] as const),
      ]);
      const commit = await this.pipeline.importer.commit(scan, chosen);
      if (commit.kept.length > 0) {
        this.scans.set(scanId, { ...scan, candidates: commit.kept });
        this.chosen.set(scanId, chosen);
        const review = this.reviews.get(scanId);
        if (review) review.selected = new Set();
      } else {
        this.scans.delete(scanId);
        this.chosen.delete(scanId);
        this.reviews.delete(scanId);
      }
      return ok(this.pipeline.importer.report(scan, commit));
    } finally {
      this.committing.delete(scanId);
    }
  }

  async discard(scanId: string): Promise<Result<null>> {
    const scan = this.scans.get(scanId);
    this.scans.delete(scanId);
    this.chosen.delete(scanId);
    this.reviews.delete(scanId);
    if (scan) await this.pipeline.importer.discard(scan);
    return ok(null);
  }

  /** The photo records of a visit, with thumbnails from this device's library when it has them. */
  async forVisit(visitId: string): Promise<VisitPhoto[]> {
    return Promise.all(
      this.pipeline.store.read.visitPhotos(visitId).map(async ({ hasThumbnail, ...p }) => ({
        ...p,
        thumbnail: hasThumbnail ? await jpegDataUrl(this.pipeline.library.thumbnail(p.sha256)) : null,
      })),
    );
  }

  /**
   * A photo of this device's library as the viewer shows it: upright, full size, as a `data:` URL (the
   * page never sees a path). A photo imported on another PC, or whose library copy is gone or does not
   * decode, is a coded error the viewer says.
   */
  async image(sha256: string): Promise<Result<PhotoImageView>> {
    if (!this.pipeline.store.photoLibrary.has(sha256)) {
      return err(officerError('NOT_FOUND', text('errors:photo.notInLibrary')));
    }
    const image = await uprightImage(this.pipeline.library.blob(sha256));
    if (!image) return err(officerError('FILE', text('errors:photo.cannotShow')));
    return ok({
      image: `data:image/jpeg;base64,${image.bytes.toString('base64')}`,
      width: image.width,
      height: image.height,
    });
  }

  /** Upload counts by state. */
  counts() {
    return this.pipeline.queue.counts();
  }

  /** Whether a library row exists for this blob (tests, diagnostics). */
  has(sha256: string): boolean {
    return this.pipeline.store.photoLibrary.has(sha256);
  }
}
