import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3BlobStore } from '../../../src/server/photos/s3-blob-store.js';

/**
 * Whether moto's S3 server is installed (Python `moto`, on this project's machines). s3rver, the
 * other test S3, lacks AbortMultipartUpload (405) and accepts parts of uploads it never started, so
 * what expiry does in a bucket is shown on moto.
 */
export const motoAvailable = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

export interface MotoS3 {
  readonly store: S3BlobStore;
  /** A client on the same bucket, to look at what the store left there. */
  readonly client: S3Client;
  readonly bucket: string;
  close(): Promise<void>;
}

/** moto's S3 server on a free loopback port with one bucket, and a blob store pointed at it. */
export async function startMotoS3(bucket = 'photos'): Promise<MotoS3> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'moto', secretAccessKey: 'moto' };
  try {
    await ready(endpoint, child);
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const store = new S3BlobStore({ bucket, endpoint, ...credentials, forcePathStyle: true });
    return {
      store,
      client,
      bucket,
      close: async () => {
        store.destroy();
        client.destroy();
        await stop(child);
      },
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Waits until the server answers HTTP (it takes a second or two to start). */
async function ready(endpoint: string, child: ChildProcess): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 20_000; ) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    if (
      await fetch(endpoint).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('moto_server did not start within 20 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill();
  await once(child, 'exit');
}
