import { join } from 'node:path';
import type { LibraryPaths } from './library-paths.js';
import { listEntries, removeIfOld, type SweepContext, type SweepReport, sha256OfName } from './orphan-files.js';

export interface LibrarySweepOptions extends SweepContext {
  /** Whether a photo row of this device names the blob (`PhotoLibraryRepository.referenceCheck`). */
  readonly isReferenced: (sha256: string) => boolean;
  readonly library: LibraryPaths;
}

/**
 * Removes library copies no photo row references: an import moves a photo (and its thumbnail) into the
 * library before its rows are written, so a crash between the two leaves a file nothing will ever name.
 * Only files where the library files a blob or thumbnail (`ab/<sha256>`, `ab/<sha256>.thumb.jpg`) are
 * judged; a hash with a library or upload-queue row keeps its files whatever their age, and a file
 * changed within the grace period stays (an import may be writing its rows right now). Staging is
 * `sweepStaging`'s.
 */
export async function sweepLibrary(options: LibrarySweepOptions): Promise<SweepReport> {
  const { isReferenced, library } = options;
  const report: SweepReport = { removed: [], bytesFreed: 0, failed: [] };
  for (const folder of await listEntries(library.root)) {
    const dir = join(library.root, folder.name);
    if (!folder.isDirectory() || dir === library.staging) continue;
    for (const file of await listEntries(dir)) {
      const relative = `${folder.name}/${file.name}`;
      const sha256 = sha256OfName(file.name);
      if (!file.isFile() || !sha256) continue;
      if (relative !== library.blobRelative(sha256) && relative !== library.thumbnailRelative(sha256)) continue;
      if (isReferenced(sha256)) continue;
      await removeIfOld(options, join(dir, file.name), relative, report);
    }
  }
  return report;
}
