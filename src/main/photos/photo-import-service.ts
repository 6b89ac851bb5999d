import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { err, ok, type Result } from '../../shared/errors.js';
import type { ImportScanView } from '../../shared/ipc/schemas/photos.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import type { VisitPhotoRow } from '../store/index.js';
import type { ImportReport } from './import-report.js';
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
      return err({ code: 'INTERNAL', message: 'Removable drives could not be listed.', detail: String(error) });
    }
  }

  /**
   * Scans running or waiting for the officer's review. They live in this process only: whatever closes
   * the account (a data-folder move) would lose them.
   */
  get openScans(): number {
    return this.running + this.scans.size;
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
    if (!folder?.isDirectory())
      return err({ code: 'FILE', message: `"${path}" is not a folder this PC can read.`, field: 'path' });
    const scan = await this.pipeline.importer.scan(path, onProgress ? { onProgress } : {});
    const scanId = randomUUID();
    this.scans.set(scanId, scan);
    const days = new Set(scan.candidates.flatMap((c) => (c.metadata.captureDay ? [c.metadata.captureDay] : [])));
    const { read } = this.pipeline.store;
    const onDays = read.visitsOnDays([...days]).map(({ id, visitDate, schoolName }) => ({ id, visitDate, schoolName }));
    const seen = new Set(onDays.map((v) => v.id));
    const visits = [...onDays, ...read.recentVisits(RECENT_VISITS).filter((v) => !seen.has(v.id))];
    const candidates = await Promise.all(
      scan.candidates.map(async ({ stagedPath: _s, thumbnailPath, sourcePath: _p, metadata, ...c }) => ({
        ...c,
        capturedAt: metadata.capturedAt,
        camera: metadata.camera,
        latitude: metadata.latitude,
        longitude: metadata.longitude,
        thumbnail: thumbnailPath ? await dataUrl(thumbnailPath) : null,
      })),
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

  async commit(
    scanId: string,
    assignments: readonly { sha256: string; schoolVisitId: string | null }[],
  ): Promise<Result<ImportReport>> {
    const scan = this.scans.get(scanId);
    if (!scan) return err({ code: 'NOT_FOUND', message: 'This scan is no longer open; scan the card again.' });
    this.scans.delete(scanId);
    const commit = await this.pipeline.importer.commit(
      scan,
      new Map(assignments.map((a) => [a.sha256, a.schoolVisitId])),
    );
    return ok(this.pipeline.importer.report(scan, commit));
  }

  async discard(scanId: string): Promise<Result<null>> {
    const scan = this.scans.get(scanId);
    this.scans.delete(scanId);
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
