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

/** The outcome of assembling a blob: its actual hash and size, whatever the client claimed. */
export interface AssembledBlob {
  readonly sha256: string;
  readonly size: number;
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
   * Joins the parts, hashes the result and, only if it is `sha256`, stores it under that hash.
   * Returns what was actually assembled; on a mismatch nothing is kept.
   */
  complete(upload: BlobUpload, parts: readonly UploadedPart[], sha256: string): Promise<AssembledBlob>;
  abort(upload: BlobUpload): Promise<void>;
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
