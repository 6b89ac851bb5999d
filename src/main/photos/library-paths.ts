import { basename, dirname, extname, join } from 'node:path';

/**
 * The photo library of an account's database: `accounts\<key>.db` keeps its photos in
 * `accounts\<key>-photos`. The app and the photos CLI both ask here, so a CLI import into the app's
 * database queues uploads the app finds.
 */
export function libraryFolderOf(databasePath: string): string {
  return join(dirname(databasePath), `${basename(databasePath, extname(databasePath))}-photos`);
}

/**
 * Where the photo library keeps its files under the app's data folder: blobs by content hash
 * (`ab/abcdef…`), thumbnails beside them, and a staging folder for imports not yet confirmed.
 */
export class LibraryPaths {
  constructor(readonly root: string) {}

  /** Library copy of a blob, relative to the root. */
  blobRelative(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256}`;
  }

  blob(sha256: string): string {
    return join(this.root, this.blobRelative(sha256));
  }

  thumbnailRelative(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256}.thumb.jpg`;
  }

  thumbnail(sha256: string): string {
    return join(this.root, this.thumbnailRelative(sha256));
  }

  /** Copies of scanned files waiting for the officer to confirm their visits. */
  get staging(): string {
    return join(this.root, 'staging');
  }
}
