import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { AppError, ErrorCode } from '../../../shared/errors.js';
import { isAppError } from '../../../shared/errors.js';
import {
  type CompleteUploadResponse,
  type CreateUploadRequest,
  type CreateUploadResponse,
  completeUploadResponseSchema,
  createUploadResponseSchema,
  type PartUrl,
  partUrlsResponseSchema,
  photoPaths,
  SESSION_EXPIRED_STATUS,
  type UploadSession,
  uploadSessionSchema,
} from '../../../shared/protocol/photos.js';

/**
 * Thrown by `PhotoApi` calls; carries the `AppError` (network failures are `NETWORK`/`TIMEOUT`).
 * `sessionGone`: the upload session no longer exists (HTTP 410 from the server: it expired; or 404
 * from the object store for a part: the multipart upload was aborted). Start a new session.
 */
export class PhotoApiError extends Error {
  constructor(
    readonly error: AppError,
    readonly sessionGone = false,
  ) {
    super(error.message);
    this.name = `PhotoApiError(${error.code})`;
  }
}

/** Whether a failure means the session is gone and the upload must start over in a new one. */
export function isSessionGone(error: unknown): boolean {
  return error instanceof PhotoApiError && error.sessionGone;
}

export interface PhotoApiOptions {
  /** The sync server's origin, e.g. `http://127.0.0.1:8787`. */
  readonly baseUrl: string;
  /** The current bearer token (the sync engine's session). */
  readonly token: () => string | Promise<string>;
  /** Slowest link we still wait on, in bytes per second: sets each PUT's timeout. */
  readonly minBytesPerSecond?: number;
  readonly fetch?: typeof fetch;
}

/**
 * HTTP client of the photo upload API (see `src/shared/protocol/photos.ts`). Every answer is validated;
 * every failure becomes a `PhotoApiError` with an `AppError` the queue can classify (retry or give up).
 */
export class PhotoApi {
  private readonly fetch: typeof fetch;
  constructor(private readonly options: PhotoApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Whether the caller's organisation already has this blob. */
  async exists(sha256: string): Promise<boolean> {
    const res = await this.request('HEAD', photoPaths.blob(sha256), undefined, 'check photo');
    if (res.status === 404) return false;
    await this.ensureOk(res, 'check photo');
    return true;
  }

  async createUpload(body: CreateUploadRequest): Promise<CreateUploadResponse> {
    return this.json('POST', photoPaths.uploads, body, createUploadResponseSchema, 'start upload');
  }

  /** The session and its acknowledged parts; `null` when the server no longer has it (or it expired). */
  async getUpload(uploadId: string): Promise<UploadSession | null> {
    const res = await this.request('GET', photoPaths.upload(uploadId), undefined, 'resume upload');
    if (res.status === 404 || res.status === SESSION_EXPIRED_STATUS) return null;
    return this.parse(res, uploadSessionSchema, 'resume upload');
  }

  async partUrls(uploadId: string, partNumbers: number[]): Promise<PartUrl[]> {
    const body = { partNumbers };
    return (await this.json('POST', photoPaths.partUrls(uploadId), body, partUrlsResponseSchema, 'get part URLs')).urls;
  }

  /**
   * PUTs one part, streamed from the file (`[start, end)`: never the whole part in memory); resolves
   * with the ETag the store answered.
   */
  async putPart(target: PartUrl, source: { path: string; start: number; end: number }): Promise<string> {
    const url = new URL(target.url, this.options.baseUrl);
    const length = source.end - source.start;
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'content-length': String(length),
    };
    if (target.bearer) headers.authorization = `Bearer ${await this.options.token()}`;
    const timeoutMs = Math.round(30_000 + (length / (this.options.minBytesPerSecond ?? 8_000)) * 1000);
    const file = createReadStream(source.path, { start: source.start, end: source.end - 1, highWaterMark: 256 * 1024 });
    const body = Readable.toWeb(file) as ReadableStream<Uint8Array>;
    // `duplex: 'half'` is how undici takes a streamed request body (not yet in lib.dom's RequestInit).
    const init = {
      method: 'PUT',
      headers,
      body,
      duplex: 'half',
      signal: AbortSignal.timeout(timeoutMs),
    } as RequestInit;
    const res = await this.send(url, init, 'upload part').finally(() => file.destroy());
    // An object store answers 404 (NoSuchUpload) for a part of an upload the server aborted.
    await this.ensureOk(res, 'upload part', !target.bearer && res.status === 404);
    await res.arrayBuffer();
    const etag = res.headers.get('etag');
    if (!etag)
      throw new PhotoApiError({ code: 'SERVER', message: 'The photo store did not acknowledge a part (no ETag).' });
    return etag;
  }

  async ackPart(uploadId: string, partNumber: number, etag: string, size: number): Promise<void> {
    const res = await this.request('POST', photoPaths.part(uploadId, partNumber), { etag, size }, 'acknowledge part');
    await this.ensureOk(res, 'acknowledge part');
    await res.arrayBuffer();
  }

  async complete(uploadId: string): Promise<CompleteUploadResponse> {
    return this.json('POST', photoPaths.complete(uploadId), {}, completeUploadResponseSchema, 'finish upload');
  }

  private async json<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>, what: string): Promise<T> {
    return this.parse(await this.request(method, path, body, what), schema, what);
  }

  private async request(method: string, path: string, body: unknown, what: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.options.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    };
    return this.send(new URL(path, this.options.baseUrl), init, what);
  }

  private async send(url: URL, init: RequestInit, what: string): Promise<Response> {
    try {
      return await this.fetch(url, init);
    } catch (error) {
      throw new PhotoApiError(networkError(error, what));
    }
  }

  private async parse<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
    await this.ensureOk(res, what);
    let body: unknown;
    try {
      body = await res.json();
    } catch (error) {
      throw new PhotoApiError(networkError(error, what));
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new PhotoApiError({
        code: 'SERVER',
        message: `The server's answer was not understood (${what}).`,
        detail: parsed.error.message,
      });
    }
    return parsed.data;
  }

  private async ensureOk(res: Response, what: string, sessionGone = false): Promise<void> {
    if (res.ok) return;
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    throw new PhotoApiError(statusError(res.status, body, what), sessionGone || res.status === SESSION_EXPIRED_STATUS);
  }
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION',
};

function statusError(status: number, body: unknown, what: string): AppError {
  const server = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (isAppError(server) && status < 500) return server;
  const code: ErrorCode = status >= 500 ? 'SERVER' : (STATUS_CODES[status] ?? 'BAD_REQUEST');
  const detail = `HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 300)}` : ''}`;
  return { code, message: `The server refused the request (${what}, HTTP ${status}).`, detail };
}

function networkError(error: unknown, what: string): AppError {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  const detail = `${e?.name}: ${e?.message}${e?.cause ? ` (${e.cause.code ?? ''} ${e.cause.message ?? ''})` : ''}`;
  if (e?.name === 'TimeoutError')
    return { code: 'TIMEOUT', message: `The server stopped answering (${what}).`, detail };
  if (e?.name === 'AbortError') return { code: 'CANCELLED', message: `Cancelled (${what}).`, detail };
  return { code: 'NETWORK', message: `The connection to the server failed (${what}).`, detail };
}

/** Failures worth retrying without anyone changing anything. */
export function isRetryable(error: AppError): boolean {
  return error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'SERVER';
}
