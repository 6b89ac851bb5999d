import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { err, ok, type Result } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n/message.js';
import {
  type CompleteUploadResponse,
  type CreateUploadRequest,
  type CreateUploadResponse,
  completeUploadResponseSchema,
  createUploadResponseSchema,
  type HeldResponse,
  heldResponseSchema,
  type PartUrl,
  partUrlsResponseSchema,
  photoPaths,
  SESSION_EXPIRED_STATUS,
  type UploadSession,
  uploadSessionSchema,
} from '../../../shared/protocol/photos.js';
import { parseAnswer, refusal, type ServerConnection, type ServerRequest } from '../../sync/server-connection.js';

export interface PhotoApiOptions {
  /** Slowest link we still wait on, in bytes per second: sets each part's deadline. */
  readonly minBytesPerSecond?: number;
  /** Deadline of every other call (default 60 s). */
  readonly callTimeoutMs?: number;
  /** Opens a byte range of a library copy (tests hold it locked, as an antivirus does on Windows). */
  readonly openRead?: (path: string, range: { start: number; end: number }) => Readable;
}

/** A byte range of a file, read in 256 KiB chunks; `end` is inclusive, as `createReadStream` takes it. */
function openRange(path: string, range: { start: number; end: number }): Readable {
  return createReadStream(path, { ...range, highWaterMark: 256 * 1024 });
}

/**
 * The photo upload API (see `src/shared/protocol/photos.ts`) as calls on the sync's `ServerConnection`:
 * the same session, error codes, reachability evidence and Cancel. Every answer is validated; every
 * failure is an `AppError` value. Each call gives up at its deadline (a part's grows with its size),
 * or at once when `signal` aborts, so quitting mid-upload never waits for a part to finish.
 */
export class PhotoApi {
  constructor(
    private readonly connection: ServerConnection,
    private readonly options: PhotoApiOptions = {},
  ) {}

  /** Whether the caller's organisation already has this blob. */
  async exists(sha256: string, signal?: AbortSignal): Promise<Result<boolean>> {
    const what = 'check photo';
    const answer = await this.send({ method: 'HEAD', url: photoPaths.blob(sha256), what, auth: true }, signal);
    if (!answer.ok) return answer;
    if (answer.value.status === 404) return ok(false);
    return answer.value.status < 300 ? ok(true) : err(refusal(answer.value, what));
  }

  /**
   * Which of `sha256s` (≤ 500) the server holds for the caller, whether it takes one-request uploads, and
   * which of `visits` (≤ 500) the caller may not upload for.
   */
  held(sha256s: readonly string[], visits: readonly string[], signal?: AbortSignal): Promise<Result<HeldResponse>> {
    return this.json(
      { method: 'POST', url: photoPaths.held, what: 'check photos', json: { sha256s, visits }, auth: true },
      signal,
      heldResponseSchema,
    );
  }

  /** Sends a whole photo in one request (a server that said `direct`), streamed from its library copy. */
  async putDirect(
    job: CreateUploadRequest & { readonly path: string },
    signal?: AbortSignal,
  ): Promise<Result<CompleteUploadResponse>> {
    const what = 'upload photo';
    const openRead = this.options.openRead ?? openRange;
    const open = () => openRead(job.path, { start: 0, end: job.size - 1 });
    const answer = await this.connection.send(
      {
        method: 'PUT',
        url: photoPaths.direct(job.sha256, job.schoolVisitId),
        what,
        stream: { open, length: job.size, source: text('errors:file.libraryCopy'), contentType: job.mimeType },
        auth: true,
      },
      {
        ...(signal ? { signal } : {}),
        timeoutMs: Math.round(30_000 + (job.size / (this.options.minBytesPerSecond ?? 8_000)) * 1000),
      },
    );
    return answer.ok ? parseAnswer(answer.value, completeUploadResponseSchema, what) : answer;
  }

  createUpload(body: CreateUploadRequest, signal?: AbortSignal): Promise<Result<CreateUploadResponse>> {
    return this.json(
      { method: 'POST', url: photoPaths.uploads, what: 'start upload', json: body, auth: true },
      signal,
      createUploadResponseSchema,
    );
  }

  /** The session and its acknowledged parts; `null` when the server no longer has it (or it expired). */
  async getUpload(uploadId: string, signal?: AbortSignal): Promise<Result<UploadSession | null>> {
    const what = 'resume upload';
    const answer = await this.send({ method: 'GET', url: photoPaths.upload(uploadId), what, auth: true }, signal);
    if (!answer.ok) return answer;
    if (answer.value.status === 404 || answer.value.status === SESSION_EXPIRED_STATUS) return ok(null);
    return parseAnswer(answer.value, uploadSessionSchema, what);
  }

  async partUrls(uploadId: string, partNumbers: number[], signal?: AbortSignal): Promise<Result<PartUrl[]>> {
    const request = {
      method: 'POST',
      url: photoPaths.partUrls(uploadId),
      what: 'get part URLs',
      json: { partNumbers },
    } as const;
    const res = await this.json({ ...request, auth: true }, signal, partUrlsResponseSchema);
    return res.ok ? ok(res.value.urls) : res;
  }

  /**
   * PUTs one part, streamed from the file (`[start, end)`: never the whole part in memory); the ETag the
   * store answered. A URL of the server carries the session's token; a presigned one of an object store
   * does not (it answers 404 for a part of an upload the server aborted: the session is gone).
   */
  async putPart(
    target: PartUrl,
    source: { path: string; start: number; end: number },
    signal?: AbortSignal,
  ): Promise<Result<string>> {
    const what = 'upload part';
    const length = source.end - source.start;
    const openRead = this.options.openRead ?? openRange;
    const open = () => openRead(source.path, { start: source.start, end: source.end - 1 });
    const answer = await this.connection.send(
      {
        method: 'PUT',
        url: target.url,
        what,
        stream: { open, length, source: text('errors:file.libraryCopy') },
        auth: target.bearer,
      },
      {
        ...(signal ? { signal } : {}),
        timeoutMs: Math.round(30_000 + (length / (this.options.minBytesPerSecond ?? 8_000)) * 1000),
      },
    );
    if (!answer.ok) return answer;
    if (answer.value.status >= 300) return err(refusal(answer.value, what));
    const etag = answer.value.headers.etag;
    return etag ? ok(etag) : err({ code: 'SERVER', message: 'The photo store did not acknowledge a part (no ETag).' });
  }

  async ackPart(
    uploadId: string,
    partNumber: number,
    etag: string,
    size: number,
    signal?: AbortSignal,
  ): Promise<Result<void>> {
    const what = 'acknowledge part';
    const json = { etag, size };
    const answer = await this.send(
      { method: 'POST', url: photoPaths.part(uploadId, partNumber), what, json, auth: true },
      signal,
    );
    if (!answer.ok) return answer;
    return answer.value.status < 300 ? ok(undefined) : err(refusal(answer.value, what));
  }

  complete(uploadId: string, signal?: AbortSignal): Promise<Result<CompleteUploadResponse>> {
    return this.json(
      { method: 'POST', url: photoPaths.complete(uploadId), what: 'finish upload', json: {}, auth: true },
      signal,
      completeUploadResponseSchema,
    );
  }

  private send(request: ServerRequest, signal: AbortSignal | undefined) {
    return this.connection.send(request, {
      ...(signal ? { signal } : {}),
      timeoutMs: this.options.callTimeoutMs ?? 60_000,
    });
  }

  private async json<S extends z.ZodType>(
    request: ServerRequest,
    signal: AbortSignal | undefined,
    schema: S,
  ): Promise<Result<z.infer<S>>> {
    const answer = await this.send(request, signal);
    return answer.ok ? parseAnswer(answer.value, schema, request.what) : answer;
  }
}
