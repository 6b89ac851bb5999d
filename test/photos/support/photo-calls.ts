import { createHash, randomUUID } from 'node:crypto';
import { photoPaths } from '../../../src/shared/protocol/photos.js';
import type { DemoUser } from '../../support/test-server.js';
import type { startPhotoServer } from './photo-server.js';

type PhotoServer = Awaited<ReturnType<typeof startPhotoServer>>;

export interface TestBlob {
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** `size` bytes no test has uploaded before (a random UUID at the head), with their SHA-256. */
export function testBlob(size: number): TestBlob {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + size) & 0xff;
  // A JPEG's first bytes (the server checks the declared type against them), then something unique.
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  bytes.write(randomUUID(), 4);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The photo API called as the seeded users, on the photo server `server()` returns once started. */
export function photoCalls(server: () => PhotoServer) {
  const call = (user: DemoUser | null, method: string, path: string, body?: unknown) =>
    server().server.request(user, method, path, body);
  const put = (user: DemoUser, path: string, bytes: Uint8Array) =>
    fetch(`${server().url}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server().token(user)}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
  const create = (user: DemoUser, visit: string, b: TestBlob, mimeType = 'image/jpeg') =>
    call(user, 'POST', photoPaths.uploads, {
      sha256: b.sha256,
      size: b.bytes.length,
      mimeType,
      schoolVisitId: visit,
    });
  /** The blob's bytes as `user` reads them (`bytes` only with a 200). */
  const read = async (user: DemoUser, sha256: string) => {
    const res = await fetch(`${server().url}${photoPaths.blob(sha256)}`, {
      headers: { authorization: `Bearer ${server().token(user)}` },
    });
    return { status: res.status, bytes: res.ok ? Buffer.from(await res.arrayBuffer()) : null };
  };
  /** Sends `bytes` as the single part of an open session, then asks the server to complete it. */
  const sendAndComplete = async (user: DemoUser, uploadId: string, bytes: Buffer) => {
    await put(user, photoPaths.part(uploadId, 1), bytes);
    return call(user, 'POST', photoPaths.complete(uploadId));
  };
  /** A `photo` record naming the blob on a visit, written through sync as `user`; resolves to its status. */
  const recordPhoto = async (user: DemoUser, visit: string, b: TestBlob) => {
    const changes = {
      schoolVisitId: visit,
      sha256: b.sha256,
      size: b.bytes.length,
      mimeType: 'image/jpeg',
      originalName: 'IMG_0001.JPG',
    };
    const [result] = await server().server.writeAs({ user }, [
      { opId: randomUUID(), entity: 'photo', id: randomUUID(), baseVersion: null, changes },
    ]);
    return result?.status;
  };
  /** A one-request upload of `bytes` (default: the blob's) as `mimeType`; status and JSON body. */
  const direct = async (user: DemoUser, visit: string, b: TestBlob, mimeType = 'image/jpeg', bytes = b.bytes) => {
    const res = await fetch(`${server().url}${photoPaths.direct(b.sha256, visit)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server().token(user)}`, 'content-type': mimeType },
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  return { call, put, create, read, sendAndComplete, recordPhoto, direct };
}
