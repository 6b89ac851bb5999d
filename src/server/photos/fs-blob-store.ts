import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadedPart } from '../../shared/protocol/photos.js';
import { photoPaths } from '../../shared/protocol/photos.js';
import {
  type AssembledBlob,
  type BlobStore,
  type BlobUpload,
  HeadBytes,
  type KeepBlob,
  PartSizeError,
  type PartTarget,
} from './blob-store.js';

/** A one-request upload's temporary file in `uploads/`: `direct.<uuid>.tmp`. */
const DIRECT_SUFFIX = '.tmp';
const DIRECT_TMP = /^direct\.[0-9a-f-]{36}\.tmp$/;

/**
 * Blobs in the server's data folder: `photos/blobs/ab/<sha256>`, parts of open uploads in
 * `photos/uploads/<uploadId>/<n>`. Parts are written to a temporary name and renamed, so a part sent
 * twice (a retry after a cut) simply replaces itself.
 */
export class FsBlobStore implements BlobStore {
  readonly ackRequired = false;

  constructor(private readonly root: string) {}

  async begin(uploadId: string): Promise<BlobUpload> {
    await mkdir(this.uploadDir(uploadId), { recursive: true });
    return { uploadId, storeUploadId: null };
  }

  async partTarget(upload: BlobUpload, partNumber: number): Promise<PartTarget> {
    const expiresAt = new Date(Date.now() + 24 * 3600_000).toISOString();
    return { url: photoPaths.part(upload.uploadId, partNumber), bearer: true, expiresAt };
  }

  async writePart(upload: BlobUpload, partNumber: number, body: Readable, expectedSize: number): Promise<string> {
    const dir = this.uploadDir(upload.uploadId);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${partNumber}.${randomUUID()}.tmp`);
    const hash = createHash('md5');
    try {
      await writeExactly(body, tmp, expectedSize, (chunk) => hash.update(chunk));
      await rename(tmp, join(dir, String(partNumber)));
    } finally {
      await rm(tmp, { force: true });
    }
    return `"${hash.digest('hex')}"`;
  }

  async complete(upload: BlobUpload, parts: readonly UploadedPart[], keep: KeepBlob): Promise<AssembledBlob> {
    const dir = this.uploadDir(upload.uploadId);
    const tmp = join(dir, `assembled.${randomUUID()}`);
    const hash = createHash('sha256');
    const head = new HeadBytes();
    let size = 0;
    const out = createWriteStream(tmp);
    try {
      for (const part of [...parts].sort((a, b) => a.partNumber - b.partNumber)) {
        for await (const chunk of createReadStream(join(dir, String(part.partNumber)))) {
          hash.update(chunk as Buffer);
          head.add(chunk as Buffer);
          size += (chunk as Buffer).length;
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        }
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      const assembled = { sha256: hash.digest('hex'), size, head: head.value };
      if (keep(assembled)) {
        const target = this.blobPath(assembled.sha256);
        await mkdir(dirname(target), { recursive: true });
        await rename(tmp, target);
        await rm(dir, { recursive: true, force: true });
      }
      return assembled;
    } finally {
      out.destroy();
      await rm(tmp, { force: true });
    }
  }

  async writeBlob(body: Readable, expectedSize: number, keep: KeepBlob): Promise<AssembledBlob> {
    const dir = join(this.root, 'uploads');
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `direct.${randomUUID()}${DIRECT_SUFFIX}`);
    const hash = createHash('sha256');
    const head = new HeadBytes();
    try {
      await writeExactly(body, tmp, expectedSize, (chunk) => {
        hash.update(chunk);
        head.add(chunk);
      });
      const assembled = { sha256: hash.digest('hex'), size: expectedSize, head: head.value };
      if (keep(assembled)) {
        const target = this.blobPath(assembled.sha256);
        await mkdir(dirname(target), { recursive: true });
        await rename(tmp, target);
      }
      return assembled;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async sweepLeftovers(before: Date): Promise<number> {
    const dir = join(this.root, 'uploads');
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names.filter((n) => DIRECT_TMP.test(n))) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtime < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async abort(upload: BlobUpload): Promise<void> {
    await rm(this.uploadDir(upload.uploadId), { recursive: true, force: true });
  }

  async has(sha256: string): Promise<boolean> {
    return access(this.blobPath(sha256)).then(
      () => true,
      () => false,
    );
  }

  async read(sha256: string): Promise<Readable> {
    return createReadStream(this.blobPath(sha256));
  }

  private uploadDir(uploadId: string): string {
    return join(this.root, 'uploads', uploadId);
  }

  private blobPath(sha256: string): string {
    return join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }
}

/**
 * Streams `body` into `path`, handing each chunk to `seen` on the way; refuses (PartSizeError) a body
 * longer than `expectedSize` as soon as it is, and one shorter at its end.
 */
async function writeExactly(
  body: Readable,
  path: string,
  expectedSize: number,
  seen: (chunk: Buffer) => void,
): Promise<void> {
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > expectedSize) return done(new PartSizeError(expectedSize, size));
      seen(chunk);
      done(null, chunk);
    },
  });
  await pipeline(body, count, createWriteStream(path));
  if (size !== expectedSize) throw new PartSizeError(expectedSize, size);
}
