import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type AppError, err, ok, type Result } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n/message.js';
import { officerError } from '../../../shared/i18n/officer-error.js';
import {
  type PartUrl,
  partCountFor,
  partRange,
  type UploadedPart,
  type UploadSession,
} from '../../../shared/protocol/photos.js';
import { fileReadError } from '../../fs/file-failure.js';
import { isTransient } from '../../sync/transport-error.js';
import type { PhotoApi } from './photo-api.js';

/** The file an upload reads, in the officer's words. */
const LIBRARY_COPY = text('errors:file.libraryCopy');

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
  /**
   * What the server said of this photo just before the run (`POST /api/photos/held`): whether it holds
   * it, and the largest photo it takes in one request (null: sessions only). Unknown: ask per photo.
   */
  readonly known?: { readonly held: boolean; readonly directMaxBytes: number | null };
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
  /** Wait before retry number `attempt` (the shared `backoffDelay`). */
  readonly delay: (attempt: number) => number;
  /** Waits `ms`; resolves early when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
}

export type UploadOutcome = { readonly kind: 'uploaded' | 'already-there' };

/** New sessions one call starts when the server lets one expire under it (more means something else is wrong). */
const MAX_SESSION_RESTARTS = 2;

/**
 * The server refused the assembled bytes as not the announced photo (SHA-256 mismatch): a byte changed
 * on the way, or the library copy itself changed. The server threw the session away.
 */
export function isShaMismatch(error: AppError): boolean {
  return error.code === 'VALIDATION' && error.field === 'sha256';
}

/**
 * A photo damaged on the way to the server whose library copy is sound: sent again in a fresh session,
 * by this run, the next sync or Retry (`SERVER`, so it counts as transient). Its `field` tells the queue
 * the server's session is gone.
 */
export function damagedInTransit(error: AppError): AppError {
  return {
    code: 'SERVER',
    message: 'The photo arrived damaged at the server; it will be sent again.',
    field: 'sha256',
    ...(error.detail ? { detail: error.detail } : {}),
  };
}

/** Why one try in a session stopped: `sessionGone` when the session no longer exists and a new one may go on. */
interface SessionFailure {
  readonly error: AppError;
  readonly sessionGone: boolean;
}

/**
 * Uploads one blob: skip it when the server already has it (`HEAD`), else create or resume the
 * multipart session, PUT the parts the server has not acknowledged, one at a time (so a cut costs at
 * most the part in flight), and complete (the server verifies the SHA-256). Transient failures are
 * retried idempotently: a part is addressed by number, so sending it again replaces it. A session
 * that is gone on the server (it expired, or the object store aborted it) is replaced by a new one:
 * the photo is sent again, not failed. Failures come back as values; Cancel aborts the request in flight.
 */
export async function uploadOne(
  api: PhotoApi,
  job: UploadJob,
  hooks: UploadHooks,
  policy: UploadPolicy,
): Promise<Result<UploadOutcome>> {
  let resumeId = job.uploadId;
  for (let restarts = 0; ; restarts++) {
    const outcome = await uploadInSession(api, job, resumeId, hooks, policy);
    if (outcome.ok) return outcome;
    const { error, sessionGone } = outcome.error;
    if (!sessionGone || restarts >= MAX_SESSION_RESTARTS || policy.signal?.aborted) return err(error);
    hooks.retrying(error, restarts + 1);
    resumeId = null;
  }
}

/** One try in one session: resumed from `resumeId` when the server still has it, else a new one. */
async function uploadInSession(
  api: PhotoApi,
  job: UploadJob,
  resumeId: string | null,
  hooks: UploadHooks,
  policy: UploadPolicy,
): Promise<Result<UploadOutcome, SessionFailure>> {
  const { signal } = policy;
  const step = <T>(call: () => Promise<Result<T>>) => withRetry(call, hooks, policy);
  // Before a session exists, nothing can be gone; inside one, NOT_FOUND (404, or 410 expired) means it is.
  const before = (error: AppError): SessionFailure => ({ error, sessionGone: false });
  const inSession = (error: AppError): SessionFailure => ({ error, sessionGone: error.code === 'NOT_FOUND' });

  let session: UploadSession | null = null;
  if (resumeId) {
    const resumed = await step(() => api.getUpload(resumeId, signal));
    if (!resumed.ok) return err(before(resumed.error));
    session = resumed.value;
  }
  if (!session && job.known?.held) return ok({ kind: 'already-there' });
  const directMax = job.known?.directMaxBytes;
  if (!session && directMax != null && job.size <= directMax) return uploadWhole(api, job, hooks, policy);
  // Unless the server already said it does not hold it (`known`), ask before sending anything.
  if (!session && !job.known) {
    const there = await step(() => api.exists(job.sha256, signal));
    if (!there.ok) return err(before(there.error));
    if (there.value) return ok({ kind: 'already-there' });
  }
  if (!session) {
    const created = await step(() =>
      api.createUpload(
        { sha256: job.sha256, size: job.size, mimeType: job.mimeType, schoolVisitId: job.schoolVisitId },
        signal,
      ),
    );
    if (!created.ok) return err(before(created.error));
    if (created.value.status === 'exists') return ok({ kind: 'already-there' });
    session = created.value.session;
  }
  const { uploadId, partSize } = session;
  hooks.session(uploadId, partSize, session.parts);
  const done = new Set(session.parts.map((p) => p.partNumber));
  const missing: number[] = [];
  for (let n = 1; n <= partCountFor(job.size, partSize); n++) if (!done.has(n)) missing.push(n);

  // The library copy must be the file that was hashed: a missing or changed copy is a FILE error, not a retry.
  const copy = await libraryCopy(job);
  if (!copy.ok) return err(before(copy.error));
  const urls = new Map<number, PartUrl>();
  for (const partNumber of missing) {
    if (signal?.aborted) return err(before(cancelled()));
    const { start, end } = partRange(job.size, partSize, partNumber);
    const sent = await step(async () => {
      if (!urls.has(partNumber)) {
        const batch = missing.filter((n) => n >= partNumber).slice(0, 20);
        const fresh = await api.partUrls(uploadId, batch, signal);
        if (!fresh.ok) return fresh;
        for (const u of fresh.value) urls.set(u.partNumber, u);
      }
      const target = urls.get(partNumber);
      if (!target) return err({ code: 'SERVER', message: `The server gave no URL for part ${partNumber}.` });
      hooks.sent(end - start);
      const part = await sendPart(api, session, target, { path: job.path, start, end }, signal);
      // A presigned URL may have expired while we waited: ask for fresh ones after any failure.
      if (!part.ok) urls.clear();
      else hooks.partDone(part.value);
      return part;
    });
    if (!sent.ok) return err(inSession(sent.error));
  }
  const completed = await step(() => api.complete(uploadId, signal));
  if (completed.ok) return ok({ kind: 'uploaded' });
  if (!isShaMismatch(completed.error)) return err(inSession(completed.error));
  // Either a byte changed on the way (send again, in a new session) or the library copy did (report it).
  const sound = await copyMatches(job);
  if (!sound.ok) return err(before(sound.error));
  return err({ error: damagedInTransit(completed.error), sessionGone: true });
}

/**
 * A photo no bigger than one part, to a server that takes it in one request: one PUT, retried whole on
 * a transient failure (it is at most one part, what a cut costs in a session too).
 */
async function uploadWhole(
  api: PhotoApi,
  job: UploadJob,
  hooks: UploadHooks,
  policy: UploadPolicy,
): Promise<Result<UploadOutcome, SessionFailure>> {
  const failed = (error: AppError): SessionFailure => ({ error, sessionGone: false });
  const copy = await libraryCopy(job);
  if (!copy.ok) return err(failed(copy.error));
  const { sha256, size, mimeType, schoolVisitId, path } = job;
  const sent = await withRetry(
    () => {
      hooks.sent(size);
      return api.putDirect({ sha256, size, mimeType, schoolVisitId, path }, policy.signal);
    },
    hooks,
    policy,
  );
  if (sent.ok) return ok({ kind: 'uploaded' });
  if (!isShaMismatch(sent.error)) return err(failed(sent.error));
  const sound = await copyMatches(job);
  if (!sound.ok) return err(failed(sound.error));
  // Damaged on the way: `sessionGone` lets `uploadOne` send it again, as it does a session's.
  return err({ error: damagedInTransit(sent.error), sessionGone: true });
}

/** The library copy still hashes to the photo's SHA-256; a FILE error ("damaged") when it does not. */
async function copyMatches(job: UploadJob): Promise<Result<void>> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(job.path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  } catch (error) {
    return err(fileReadError(error, { text: LIBRARY_COPY }));
  }
  const actual = hash.digest('hex');
  if (actual === job.sha256) return ok(undefined);
  return err(
    officerError('FILE', text('errors:file.libraryCopyDamaged'), {
      // The server threw its session away: `field` tells the queue not to resume it.
      field: 'sha256',
      detail: `expected ${job.sha256}, the copy hashes to ${actual}`,
    }),
  );
}

/** PUTs a part and, where the session asks for it, acknowledges it: the part as the server now has it. */
async function sendPart(
  api: PhotoApi,
  session: UploadSession,
  target: PartUrl,
  source: { path: string; start: number; end: number },
  signal: AbortSignal | undefined,
): Promise<Result<UploadedPart>> {
  const size = source.end - source.start;
  const put = await api.putPart(target, source, signal);
  if (!put.ok) return put;
  if (session.ackRequired) {
    const ack = await api.ackPart(session.uploadId, target.partNumber, put.value, size, signal);
    if (!ack.ok) return ack;
  }
  return ok({ partNumber: target.partNumber, size, etag: put.value });
}

/** Retries a step while it fails for a transient reason, with backoff; the last failure otherwise. */
async function withRetry<T>(
  call: () => Promise<Result<T>>,
  hooks: UploadHooks,
  policy: UploadPolicy,
): Promise<Result<T>> {
  for (let attempt = 1; ; attempt++) {
    const result = await call();
    if (result.ok || !isTransient(result.error) || attempt >= policy.maxAttempts || policy.signal?.aborted) {
      return result;
    }
    hooks.retrying(result.error, attempt);
    await policy.sleep(policy.delay(attempt), policy.signal);
    if (policy.signal?.aborted) return err(cancelled());
  }
}

/** The library copy is there and has the size that was hashed. */
async function libraryCopy(job: UploadJob): Promise<Result<void>> {
  const found = await stat(job.path).catch((error: NodeJS.ErrnoException) => error);
  if (found instanceof Error) {
    if (found.code !== 'ENOENT') return err(fileReadError(found, { text: LIBRARY_COPY }));
    return err(officerError('FILE', text('errors:file.libraryCopyMissing'), { detail: found.message }));
  }
  return found.size === job.size ? ok(undefined) : err(officerError('FILE', text('errors:file.libraryCopyResized')));
}

function cancelled(): AppError {
  return { code: 'CANCELLED', message: 'Upload cancelled.' };
}
