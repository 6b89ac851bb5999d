import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadedPart } from '../../shared/protocol/photos.js';
import {
  type AssembledBlob,
  type BlobStore,
  type BlobUpload,
  HeadBytes,
  type KeepBlob,
  type PartTarget,
} from './blob-store.js';

/** How to reach an S3-compatible bucket. */
export interface S3BlobStoreOptions {
  readonly bucket: string;
  /** e.g. `http://127.0.0.1:4569` for a local S3-compatible server; omit for AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Path-style URLs (`host/bucket/key`), which most S3-compatible servers need. */
  readonly forcePathStyle?: boolean;
  /** Lifetime of a presigned part URL. */
  readonly urlExpirySeconds?: number;
  /** Key prefix inside the bucket. */
  readonly prefix?: string;
}

/**
 * Blobs in S3-compatible object storage. Parts go straight from the client to the bucket through
 * presigned URLs; the client reports each part's ETag and the server keeps the part list itself
 * (no ListParts needed). An upload assembles under a staging key, is read back and hashed, and only a
 * blob whose SHA-256 matches is copied to its final key `blobs/<sha256>`.
 */
export class S3BlobStore implements BlobStore {
  readonly ackRequired = true;
  private readonly s3: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.s3 = new S3Client({
      endpoint: options.endpoint,
      region: options.region ?? 'us-east-1',
      forcePathStyle: options.forcePathStyle ?? true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    });
    this.prefix = options.prefix ?? 'photos/';
  }

  async begin(uploadId: string): Promise<BlobUpload> {
    const res = await this.s3.send(
      new CreateMultipartUploadCommand({ Bucket: this.options.bucket, Key: this.stagingKey(uploadId) }),
    );
    if (!res.UploadId) throw new Error('Object store returned no UploadId');
    return { uploadId, storeUploadId: res.UploadId };
  }

  async partTarget(upload: BlobUpload, partNumber: number): Promise<PartTarget> {
    const expiresIn = this.options.urlExpirySeconds ?? 900;
    const command = new UploadPartCommand({
      Bucket: this.options.bucket,
      Key: this.stagingKey(upload.uploadId),
      UploadId: this.storeId(upload),
      PartNumber: partNumber,
    });
    const url = await getSignedUrl(this.s3, command, { expiresIn });
    return { url, bearer: false, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
  }

  async complete(upload: BlobUpload, parts: readonly UploadedPart[], keep: KeepBlob): Promise<AssembledBlob> {
    const Bucket = this.options.bucket;
    const staging = this.stagingKey(upload.uploadId);
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: staging,
        UploadId: this.storeId(upload),
        MultipartUpload: {
          Parts: [...parts]
            .sort((a, b) => a.partNumber - b.partNumber)
            .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
        },
      }),
    );
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket, Key: staging }));
      const hash = createHash('sha256');
      const head = new HeadBytes();
      let size = 0;
      for await (const chunk of object.Body as Readable) {
        hash.update(chunk as Buffer);
        head.add(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      const assembled = { sha256: hash.digest('hex'), size, head: head.value };
      if (keep(assembled)) {
        await this.s3.send(
          new CopyObjectCommand({ Bucket, Key: this.blobKey(assembled.sha256), CopySource: `${Bucket}/${staging}` }),
        );
      }
      return assembled;
    } finally {
      await this.s3.send(new DeleteObjectCommand({ Bucket, Key: staging }));
    }
  }

  /** Aborts the multipart upload; one the store no longer has (completed, aborted before) is fine. */
  async abort(upload: BlobUpload): Promise<void> {
    await this.s3
      .send(
        new AbortMultipartUploadCommand({
          Bucket: this.options.bucket,
          Key: this.stagingKey(upload.uploadId),
          UploadId: this.storeId(upload),
        }),
      )
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(sha256) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async read(sha256: string): Promise<Readable> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.blobKey(sha256) }));
    return object.Body as Readable;
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.s3.destroy();
  }

  private storeId(upload: BlobUpload): string {
    if (!upload.storeUploadId) throw new Error(`Upload ${upload.uploadId} has no object-store UploadId`);
    return upload.storeUploadId;
  }

  private stagingKey(uploadId: string): string {
    return `${this.prefix}uploads/${uploadId}`;
  }

  private blobKey(sha256: string): string {
    return `${this.prefix}blobs/${sha256}`;
  }
}

/** The store answered 404 (NoSuchKey, NoSuchUpload). */
function isNotFound(error: unknown): boolean {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}
