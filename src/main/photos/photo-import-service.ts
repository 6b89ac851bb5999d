import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { err, ok, type Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import type { ImportScanView, PhotoImageView } from '../../shared/ipc/schemas/photos.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import type { VisitPhotoRow } from '../store/index.js';
import type { ImportReport } from './import-report.js';
import { uprightImage } from './make-thumbnail.js';
import type { ImportScan } from './photo-importer.js';
import type { PhotoPipeline } from './photo-pipeline.js';
import { listRemovableDrives, type RemovableDrive } from './removable-drives.js';

/** A photo on the visit screen, with how its upload is doing on this device and its thumbnail as a data URL. */
export interface VisitPhoto extends Omit<VisitPhotoRow, 'hasThumbnail'> {
  readonly thumbnail: string | null;
}

/** Visits offered for reassignment besides those on the photos' days. */
const RECENT_VISITS = 60;

/**
 * What the import screen asks of the photo pipeline, in screen-sized answers: scans kept between
 * "scan" and "import", thumbnails as data URLs (the page cannot read files), photos of a visit.
 */
export class PhotoImportService {
  private readonly scans = new Map<string, ImportScan>();
  /** The officer's visits for scans committed in part (photos held by another program wait with them). */
  private readonly chosen = new Map<string, ReadonlyMap<string, string | null>>();
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
    const days = new Set(scan.candidates.flatMap((c) => (c.metadata.captureDay ? [c.metadata.captureDay] : [])));
    const { read } = this.pipeline.store;
    const onDays = read.visitsOnDays([...days]).map(({ id, visitDate, schoolName }) => ({ id, visitDate, schoolName }));
    const seen = new Set(onDays.map((v) => v.id));
    const visits = [...onDays, ...read.recentVisits(RECENT_VISITS).filter((v) => !seen.has(v.id))];
    const candidates = await Promise.all(
      scan.candidates.map(
        async ({ stagedPath: _s, thumbnailPath, thumbnailText: _t, sourcePath: _p, metadata, ...c }) => ({
          ...c,
          capturedAt: metadata.capturedAt,
          camera: metadata.camera,
          latitude: metadata.latitude,
          longitude: metadata.longitude,
          thumbnail: thumbnailPath ? await dataUrl(thumbnailPath) : null,
        }),
      ),
    );
    return ok({
      scanId,
      root: scan.root,
      filesSeen: scan.filesSeen,
      candidates,
      duplicates: [...scan.duplicates],
      skipped: [...scan.skipped],
      visits,
    });
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
      } else {
        this.scans.delete(scanId);
        this.chosen.delete(scanId);
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
    if (scan) await this.pipeline.importer.discard(scan);
    return ok(null);
  }

  /** The photo records of a visit, with thumbnails from this device's library when it has them. */
  async forVisit(visitId: string): Promise<VisitPhoto[]> {
    return Promise.all(
      this.pipeline.store.read.visitPhotos(visitId).map(async ({ hasThumbnail, ...p }) => ({
        ...p,
        thumbnail: hasThumbnail ? await dataUrl(this.pipeline.library.thumbnail(p.sha256)) : null,
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

async function dataUrl(path: string): Promise<string | null> {
  const bytes = await readFile(path).catch(() => null);
  return bytes ? `data:image/jpeg;base64,${bytes.toString('base64')}` : null;
}
