import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { eq, inArray, sql } from 'drizzle-orm';
import { photo } from '../../shared/entities/index.js';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';
import type { ImportScanView } from '../../shared/ipc/schemas/photos.js';
import type { PhotoScanProgress } from '../../shared/photo-events.js';
import type { ImportReport } from './import-report.js';
import type { ImportScan } from './photo-importer.js';
import type { PhotoPipeline } from './photo-pipeline.js';
import { listRemovableDrives, type RemovableDrive } from './removable-drives.js';
import { photoLibrary, photoUploads } from './schema.js';
import { StoreVisitCatalog } from './visit-catalog.js';

/** A photo on the visit screen, with how its upload is doing on this device. */
export interface VisitPhoto {
  readonly photoId: string;
  readonly sha256: string;
  readonly originalName: string;
  readonly capturedAt: string | null;
  readonly camera: string | null;
  readonly size: number;
  readonly thumbnail: string | null;
  readonly upload: 'queued' | 'uploading' | 'done' | 'failed' | 'remote';
  readonly error: AppError | null;
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
  private readonly catalog: StoreVisitCatalog;

  constructor(
    private readonly pipeline: PhotoPipeline,
    private readonly options: { listDrives?: () => Promise<RemovableDrive[]> } = {},
  ) {
    this.catalog = new StoreVisitCatalog(pipeline.db);
  }

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
    const onDays = this.catalog
      .visitsOnDays([...days])
      .map(({ id, visitDate, schoolName }) => ({ id, visitDate, schoolName }));
    const seen = new Set(onDays.map((v) => v.id));
    const visits = [...onDays, ...this.catalog.recent(RECENT_VISITS).filter((v) => !seen.has(v.id))];
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
    if (!scan) return err({ code: 'NOT_FOUND', message: 'This scan is no longer open; scan the card again.' });
    if (this.committing.has(scanId)) return err({ code: 'BAD_REQUEST', message: 'These photos are being imported.' });
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
    const { db } = this.pipeline;
    const photos = db.all<{
      id: string;
      sha256: string;
      originalName: string;
      capturedAt: string | null;
      camera: string | null;
      size: number;
    }>(
      sql`SELECT id, sha256, original_name AS originalName, captured_at AS capturedAt, camera, size
          FROM ${sql.identifier(photo.table)} WHERE school_visit_id = ${visitId} AND _deleted = 0 ORDER BY captured_at, original_name`,
    );
    const shas = photos.map((p) => p.sha256);
    const library = new Map(
      db
        .select()
        .from(photoLibrary)
        .where(inArray(photoLibrary.sha256, shas))
        .all()
        .map((r) => [r.sha256, r]),
    );
    const uploads = new Map(
      db
        .select()
        .from(photoUploads)
        .where(inArray(photoUploads.sha256, shas))
        .all()
        .map((r) => [r.sha256, r]),
    );
    return Promise.all(
      photos.map(async (p) => {
        const thumb = library.get(p.sha256)?.thumbnailPath;
        const upload = uploads.get(p.sha256);
        return {
          photoId: p.id,
          sha256: p.sha256,
          originalName: p.originalName,
          capturedAt: p.capturedAt,
          camera: p.camera,
          size: p.size,
          thumbnail: thumb ? await dataUrl(this.pipeline.library.thumbnail(p.sha256)) : null,
          upload: upload?.state ?? 'remote',
          error: upload?.lastError ?? null,
        };
      }),
    );
  }

  /** Upload counts by state. */
  counts() {
    return this.pipeline.queue.counts();
  }

  /** Whether a library row exists for this blob (tests, diagnostics). */
  has(sha256: string): boolean {
    return this.pipeline.db.select().from(photoLibrary).where(eq(photoLibrary.sha256, sha256)).get() !== undefined;
  }
}

async function dataUrl(path: string): Promise<string | null> {
  const bytes = await readFile(path).catch(() => null);
  return bytes ? `data:image/jpeg;base64,${bytes.toString('base64')}` : null;
}
