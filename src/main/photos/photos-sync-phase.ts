import type { AppError, Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import { isTransient } from '../sync/transport-error.js';
import { isShaMismatch } from './upload/upload-one.js';
import type { UploadQueue } from './upload/upload-queue.js';

/** What the sync engine hands a phase (structurally the engine's `PhaseContext`). */
export interface PhotoPhaseContext {
  readonly signal: AbortSignal;
  report(done: number, total?: number, bytes?: { readonly done: number; readonly total: number }): void;
}

/**
 * The photos phase of a sync (pull → push → photos): uploads failed for transient reasons go back in
 * the queue (and those the server refused as damaged on the way, as an older version recorded them),
 * then the queue runs. Files that still fail stay queued or failed with their reason; the
 * phase reports them as one error so the sync summary says photos are waiting.
 */
export function photosSyncPhase(queue: UploadQueue): (ctx: PhotoPhaseContext) => Promise<Result<void>> {
  return async ({ signal, report }) => {
    queue.retryFailed((e) => isTransient(e) || isShaMismatch(e));
    const off = queue.on((e) => {
      if (e.kind === 'photo-overall') {
        report(e.filesDone, e.filesTotal, { done: e.bytesAcked, total: e.bytesTotal });
      }
    });
    try {
      const summary = await queue.run(signal);
      if (summary.failed === 0) return { ok: true, value: undefined };
      const error: AppError = officerError('SERVER', text('errors:photo.notUploaded', { count: summary.failed }));
      return { ok: false, error };
    } finally {
      off();
    }
  };
}
