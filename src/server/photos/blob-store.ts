import type { Readable } from 'node:stream';
import type { UploadedPart } from '../../shared/protocol/photos.js';

/** What a blob store knows of one multipart session. */
export interface BlobUpload {
  readonly uploadId: string;
  readonly storeUploadId: string | null;
}

/** Where a client PUTs one part. */
export interface PartTarget {
  readonly url: string;
  /** The URL is the API server's own: send the bearer token. */
  readonly bearer: boolean;
  readonly expiresAt: string;
}

/** The outcome of assembling a blob: its actual hash, size and first bytes, whatever the client claimed. */
export interface AssembledBlob {
  readonly sha256: string;
  readonly size: number;
  /** The first `HEAD_BYTES` bytes (fewer for a shorter blob): enough to tell the image type. */
  readonly head: Uint8Array;
}

/** Bytes of a blob's start a store hands back with it (`AssembledBlob.head`). */
export const HEAD_BYTES = 64;

/** Whether the assembled bytes are the blob the client announced; only then does a store keep them. */
export type KeepBlob = (assembled: AssembledBlob) => boolean;

/** Collects the first `HEAD_BYTES` bytes of a stream of chunks. */
export class HeadBytes {
  private readonly bytes = new Uint8Array(HEAD_BYTES);
  private length = 0;

  add(chunk: Uint8Array): void {
    if (this.length >= HEAD_BYTES) return;
    const take = chunk.subarray(0, HEAD_BYTES - this.length);
    this.bytes.set(take, this.length);
    this.length += take.length;
  }

  get value(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/**
 * Stores photo blobs by SHA-256. Two implementations: the server's data folder (parts PUT to the API
 * server itself) and S3-compatible object storage (parts PUT to presigned URLs; the client reports ETags).
 */
export interface BlobStore {
  /** Clients must acknowledge parts with their ETag (the server does not see presigned PUTs). */
  readonly ackRequired: boolean;
  begin(uploadId: string): Promise<BlobUpload>;
  partTarget(upload: BlobUpload, partNumber: number): Promise<PartTarget>;
  /** Stores one part received by the API server (data-folder store only); resolves to its ETag. */
  writePart?(upload: BlobUpload, partNumber: number, body: Readable, expectedSize: number): Promise<string>;
  /**
   * Joins the parts, hashes the result and, only if `keep` accepts what was assembled (the announced
   * SHA-256, size and image type), stores it under its hash. Returns what was actually assembled;
   * otherwise nothing is kept.
   */
  complete(upload: BlobUpload, parts: readonly UploadedPart[], keep: KeepBlob): Promise<AssembledBlob>;
  /**
   * Receives a whole blob in one stream (data-folder store only: a one-request upload), hashing it as it
   * arrives; keeps it under its hash only if `keep` accepts what arrived. Refuses (PartSizeError) a body
   * longer or shorter than `expectedSize`.
   */
  writeBlob?(body: Readable, expectedSize: number, keep: KeepBlob): Promise<AssembledBlob>;
  abort(upload: BlobUpload): Promise<void>;
  /**
   * Removes what writes cut short by a crash left behind (data-folder store: a one-request upload's
   * temporary file), if last written before `before`; resolves to how many went.
   */
  sweepLeftovers?(before: Date): Promise<number>;
  has(sha256: string): Promise<boolean>;
  read(sha256: string): Promise<Readable>;
}

/** A part arrived bigger or smaller than the session says it must be. */
export class PartSizeError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Part has ${actual} bytes; expected ${expected}`);
  }
}
