import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { S3BlobStore } from '../../../src/server/photos/s3-blob-store.js';

/** An S3-compatible server on loopback (s3rver) with one bucket, and a blob store pointed at it. */
export async function startS3(
  bucket = 'photos',
): Promise<{ store: S3BlobStore; endpoint: string; close(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'fieldsync-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const store = new S3BlobStore({
    bucket,
    endpoint,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  return {
    store,
    endpoint,
    close: async () => {
      store.destroy();
      await server.close();
    },
  };
}
