import { stat } from 'node:fs/promises';
import type { AppError } from '../../../shared/errors.js';
import {
  type PartUrl,
  partCountFor,
  partRange,
  type UploadedPart,
  type UploadSession,
} from '../../../shared/protocol/photos.js';
import { isRetryable, isSessionGone, type PhotoApi, PhotoApiError } from './photo-api.js';

/** What `uploadOne` needs to know and persist about one queued blob. */
export interface UploadJob {
  readonly sha256: string;
  readonly size: number;
  readonly mimeType: UploadSession['mimeType'];
  readonly schoolVisitId: string;
  /** The library copy to read parts from. */
  readonly path: string;
  /** Session left by an earlier run, to resume. */
  readonly uploadId: string | null;
}

/** Callbacks through which `uploadOne` persists its state after every step. */
export interface UploadHooks {
  /** A session was created or resumed; `parts` is the server's list of acknowledged parts. */
  session(uploadId: string, partSize: number, parts: readonly UploadedPart[]): void;
  /** A part was acknowledged by the server. */
  partDone(part: UploadedPart): void;
  /** Bytes went out on the wire (counted again when a part is re-sent). */
  sent(bytes: number): void;
  /** A step failed and will be retried after a delay. */
  retrying(error: AppError, attempt: number): void;
}

export interface UploadPolicy {
  /** Tries per step before the file is given up for this run. */
  readonly maxAttempts: number;
  readonly delay: (attempt: number) => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
}

export type UploadOutcome = { readonly kind: 'uploaded' | 'already-there' };

/** New sessions one call starts when the server lets one expire under it (more means something else is wrong). */
const MAX_SESSION_RESTARTS = 2;

/**
 * Uploads one blob: skip it when the server already has it (`HEAD`), else create or resume the
 * multipart session, PUT the parts the server has not acknowledged, one at a time (so a cut costs at
 * most the part in flight), and complete (the server verifies the SHA-256). Transient failures are
 * retried idempotently: a part is addressed by number, so sending it again replaces it. A session
 * that expired on the server (410) is replaced by a new one: the photo is sent again, not failed.
 */
export async function uploadOne(
  api: PhotoApi,
  job: UploadJob,
  hooks: UploadHooks,
  policy: UploadPolicy,
): Promise<UploadOutcome> {
  let resumeId = job.uploadId;
  for (let restarts = 0; ; restarts++) {
    try {
      return await uploadInSession(api, job, resumeId, hooks, policy);
    } catch (error) {
      if (!isSessionGone(error) || restarts >= MAX_SESSION_RESTARTS || policy.signal?.aborted) throw error;
      hooks.retrying((error as PhotoApiError).error, restarts + 1);
      resumeId = null;
    }
  }
}

/** One try in one session: resumed from `resumeId` when the server still has it, else a new one. */
async function uploadInSession(
  api: PhotoApi,
  job: UploadJob,
  resumeId: string | null,
  hooks: UploadHooks,
  policy: UploadPolicy,
): Promise<UploadOutcome> {
  const step = <T>(fn: () => Promise<T>) => withRetry(fn, hooks, policy);
  let session = resumeId ? await step(() => api.getUpload(resumeId)) : null;
  if (!session) {
    if (await step(() => api.exists(job.sha256))) return { kind: 'already-there' };
    const created = await step(() =>
      api.createUpload({
        sha256: job.sha256,
        size: job.size,
        mimeType: job.mimeType,
        schoolVisitId: job.schoolVisitId,
      }),
    );
    if (created.status === 'exists') return { kind: 'already-there' };
    session = created.session;
  }
  hooks.session(session.uploadId, session.partSize, session.parts);
  const done = new Set(session.parts.map((p) => p.partNumber));
  const missing: number[] = [];
  for (let n = 1; n <= partCountFor(job.size, session.partSize); n++) if (!done.has(n)) missing.push(n);

  // The library copy must be the file that was hashed: a missing or changed copy is a FILE error, not a retry.
  const { size } = await stat(job.path);
  if (size !== job.size) {
    throw new PhotoApiError({ code: 'FILE', message: 'The library copy of this photo changed size since import.' });
  }
  const urls = new Map<number, PartUrl>();
  for (const partNumber of missing) {
    policy.signal?.throwIfAborted();
    const { start, end } = partRange(job.size, session.partSize, partNumber);
    const { uploadId, ackRequired } = session;
    await step(async () => {
      if (!urls.has(partNumber)) {
        const batch = missing.filter((n) => n >= partNumber).slice(0, 20);
        for (const u of await api.partUrls(uploadId, batch)) urls.set(u.partNumber, u);
      }
      const target = urls.get(partNumber);
      if (!target)
        throw new PhotoApiError({ code: 'SERVER', message: `The server gave no URL for part ${partNumber}.` });
      hooks.sent(end - start);
      try {
        const etag = await api.putPart(target, { path: job.path, start, end });
        if (ackRequired) await api.ackPart(uploadId, partNumber, etag, end - start);
        hooks.partDone({ partNumber, size: end - start, etag });
      } catch (error) {
        // A presigned URL may have expired while we waited: ask for fresh ones after any failure.
        urls.clear();
        throw error;
      }
    });
  }
  await step(() => api.complete(session.uploadId));
  return { kind: 'uploaded' };
}

async function withRetry<T>(fn: () => Promise<T>, hooks: UploadHooks, policy: UploadPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const appError = error instanceof PhotoApiError ? error.error : undefined;
      if (!appError || !isRetryable(appError) || attempt >= policy.maxAttempts || policy.signal?.aborted) throw error;
      hooks.retrying(appError, attempt);
      await policy.sleep(policy.delay(attempt), policy.signal);
    }
  }
}
