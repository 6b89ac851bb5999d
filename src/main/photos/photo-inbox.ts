import { join } from 'node:path';
import { err, ok, type Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import type { InboxPageView } from '../../shared/ipc/schemas/photos.js';
import { type FileOps, retryingFs } from '../fs/retry-fs.js';
import { createLogger, type Logger } from '../log.js';
import { jpegDataUrl } from './image-data-url.js';
import type { LibraryPaths } from './library-paths.js';
import type { PhotoStore } from './photo-pipeline.js';
import { localDay } from './read-photo-metadata.js';
import { visitsToOffer } from './visits-to-offer.js';

export interface PhotoInboxOptions {
  readonly store: PhotoStore;
  readonly library: LibraryPaths;
  readonly now?: () => number;
  readonly fs?: FileOps;
  readonly logger?: Logger;
}

/**
 * The photo inbox: photos imported without a visit (no suggestion, or the officer chose none) wait in
 * this PC's library — safe once the card is out — until the officer gives them a visit (then they get
 * their `photo` record and upload like any import) or deletes them. They are never synced meanwhile.
 */
export class PhotoInbox {
  private readonly fs: FileOps;
  private readonly log: Logger;

  constructor(private readonly options: PhotoInboxOptions) {
    this.fs = options.fs ?? retryingFs;
    this.log = options.logger ?? createLogger('photos');
  }

  /** A page of the inbox with the visits its photos can go to. */
  page(offset: number, limit: number): InboxPageView {
    const { store } = this.options;
    const { count, items } = store.photoLibrary.inbox(offset, limit);
    const days = items.flatMap((p) => (p.capturedAt ? [localDay(new Date(p.capturedAt))] : []));
    return { count, offset, items, visits: visitsToOffer(store.read, days) };
  }

  /** Previews of inbox photos as data URLs (`null`: none, or not in the inbox). */
  async thumbnails(sha256s: readonly string[]): Promise<{ sha256: string; thumbnail: string | null }[]> {
    const waiting = new Map(this.options.store.photoLibrary.inInbox(sha256s).map((p) => [p.sha256, p]));
    return Promise.all(
      sha256s.map(async (sha256) => ({
        sha256,
        thumbnail: waiting.get(sha256)?.hasThumbnail ? await jpegDataUrl(this.options.library.thumbnail(sha256)) : null,
      })),
    );
  }

  /**
   * Gives inbox photos a visit, all or none (a visit that is gone refuses them all, and they stay in
   * the inbox); returns how many moved. The caller starts their uploads.
   */
  assign(sha256s: readonly string[], schoolVisitId: string): Result<number> {
    const at = new Date(this.now()).toISOString();
    const assigned = this.options.store.photoLibrary.assignFromInbox(sha256s, schoolVisitId, at);
    return assigned.ok ? ok(assigned.value.length) : assigned;
  }

  /**
   * Deletes inbox photos from this PC: their rows first (in one transaction), then their files; a file
   * another program holds is left for the library sweep, which removes files no row names.
   */
  async remove(sha256s: readonly string[]): Promise<Result<number>> {
    const removed = this.options.store.photoLibrary.removeFromInbox(sha256s);
    if (!removed.ok) {
      return err(officerError('INTERNAL', text('errors:photoInbox.notRemoved'), { detail: removed.error.message }));
    }
    const { root } = this.options.library;
    for (const { blobPath, thumbnailPath } of removed.value) {
      for (const path of thumbnailPath ? [blobPath, thumbnailPath] : [blobPath]) {
        await this.fs.rm(join(root, path), { force: true }).catch((error: unknown) => {
          this.log.warn('an inbox photo’s file could not be deleted; the library sweep will', {
            file: path,
            error: String(error),
          });
        });
      }
    }
    return ok(removed.value.length);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
