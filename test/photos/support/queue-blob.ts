import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LibraryPaths } from '../../../src/main/photos/library-paths.js';
import { type LocalStore, rawConnection } from '../../../src/main/store/local-store.js';
import { photoLibrary, photoUploads } from '../../../src/main/store/schema/photo-tables.js';

/**
 * Puts a blob (random JPEG-looking bytes — the server checks the declared type against the first ones — of
 * `content` bytes) in the library and the upload queue, as a committed import would
 * (without its `photo` record: the visit lives on the test server, not in this store).
 */
export async function queueBlob(
  store: LocalStore,
  library: LibraryPaths,
  content: number | Buffer,
  schoolVisitId: string,
) {
  const bytes = typeof content === 'number' ? jpegLike(content) : content;
  const size = bytes.length;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await mkdir(dirname(library.blob(sha256)), { recursive: true });
  await writeFile(library.blob(sha256), bytes);
  const now = new Date().toISOString();
  const photoId = crypto.randomUUID();
  const base = { sha256, photoId, schoolVisitId, size, mimeType: 'image/jpeg' as const };
  const { db } = rawConnection(store);
  db.insert(photoLibrary)
    .values({
      ...base,
      originalName: `${sha256.slice(0, 8)}.jpg`,
      sourcePath: '/card',
      blobPath: library.blobRelative(sha256),
      importedAt: now,
    })
    .run();
  db.insert(photoUploads)
    .values({ ...base, createdAt: now, updatedAt: now })
    .run();
  return { sha256, size, bytes };
}

/** `size` random bytes that start like a JPEG. */
function jpegLike(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0].slice(0, size), 0);
  return bytes;
}
