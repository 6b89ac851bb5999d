import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, HEAD_BYTES } from '../../src/server/photos/blob-store.js';
import { FsBlobStore } from '../../src/server/photos/fs-blob-store.js';
import { MIN_PART_SIZE } from '../../src/shared/protocol/photos.js';
import { startS3 } from './support/s3rver.js';

const bytes = Buffer.alloc(MIN_PART_SIZE + 1234);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
const sha = createHash('sha256').update(bytes).digest('hex');
const parts = [bytes.subarray(0, MIN_PART_SIZE), bytes.subarray(MIN_PART_SIZE)];

/** Sends the parts the way a client would: to the server itself, or PUT to presigned URLs. */
async function sendParts(store: BlobStore, upload: Awaited<ReturnType<BlobStore['begin']>>, data: Buffer[]) {
  const done = [];
  for (const [i, part] of data.entries()) {
    const partNumber = i + 1;
    if (store.writePart) {
      done.push({
        partNumber,
        size: part.length,
        etag: await store.writePart(upload, partNumber, Readable.from([part]), part.length),
      });
    } else {
      const target = await store.partTarget(upload, partNumber);
      expect(target.bearer).toBe(false);
      const res = await fetch(target.url, { method: 'PUT', body: part });
      expect(res.status).toBe(200);
      done.push({ partNumber, size: part.length, etag: res.headers.get('etag') ?? '' });
    }
  }
  return done;
}

function contract(name: string, make: () => Promise<{ store: BlobStore; close(): Promise<void> }>) {
  describe(`${name} blob store`, () => {
    let env: Awaited<ReturnType<typeof make>>;
    beforeAll(async () => {
      env = await make();
    });
    afterAll(() => env.close());

    it('assembles parts, verifies the SHA-256 and keeps the blob under its hash', async () => {
      const upload = await env.store.begin(randomUUID());
      const done = await sendParts(env.store, upload, parts);
      // A part sent again (a retry after a cut) replaces itself.
      expect(await sendParts(env.store, upload, parts.slice(0, 1))).toEqual(done.slice(0, 1));
      expect(await env.store.complete(upload, done, (a) => a.sha256 === sha)).toEqual({
        sha256: sha,
        size: bytes.length,
        head: new Uint8Array(bytes.subarray(0, HEAD_BYTES)),
      });
      expect(await env.store.has(sha)).toBe(true);
      const chunks: Buffer[] = [];
      for await (const c of await env.store.read(sha)) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    });

    it('keeps nothing when the bytes are not the announced photo', async () => {
      const claimed = createHash('sha256').update('something else').digest('hex');
      const upload = await env.store.begin(randomUUID());
      const done = await sendParts(env.store, upload, parts);
      const assembled = await env.store.complete(upload, done, (a) => a.sha256 === claimed);
      expect(assembled.sha256).toBe(sha);
      expect(await env.store.has(claimed)).toBe(false);
    });

    it('keeps nothing the service refuses although the hash matches (a photo whose bytes are not its declared type)', async () => {
      const other = Buffer.concat([bytes, Buffer.from('another blob')]);
      const otherSha = createHash('sha256').update(other).digest('hex');
      const upload = await env.store.begin(randomUUID());
      const done = await sendParts(env.store, upload, [
        other.subarray(0, MIN_PART_SIZE),
        other.subarray(MIN_PART_SIZE),
      ]);
      let seen: Uint8Array | undefined;
      const assembled = await env.store.complete(upload, done, (a) => {
        seen = a.head;
        return false;
      });
      expect(assembled).toMatchObject({ sha256: otherSha, size: other.length });
      expect(seen).toEqual(new Uint8Array(other.subarray(0, HEAD_BYTES)));
      expect(await env.store.has(otherSha)).toBe(false);
    });
  });
}

contract('data-folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fieldsync-blobs-'));
  return { store: new FsBlobStore(dir), close: async () => {} };
});
contract('S3 (s3rver on loopback, presigned part URLs)', () => startS3());

describe('data-folder part sizes', () => {
  it('refuses a part longer or shorter than the session says', async () => {
    const store = new FsBlobStore(await mkdtemp(join(tmpdir(), 'fieldsync-blobs-')));
    const upload = await store.begin(randomUUID());
    await expect(store.writePart(upload, 1, Readable.from([Buffer.alloc(10)]), 5)).rejects.toThrow(/expected 5/);
    await expect(store.writePart(upload, 1, Readable.from([Buffer.alloc(3)]), 5)).rejects.toThrow(/expected 5/);
  });
});
