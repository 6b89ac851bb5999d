import { isDeepStrictEqual } from 'node:util';
import { backoffDelay } from '../../../shared/backoff.js';
import type { AppError, Result } from '../../../shared/errors.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';
import type { OutboxOp } from '../store-types.js';
import type { OutboxRow } from './outbox-repository.js';

/** The public shape of a stored op. */
export function toOutboxOp(row: OutboxRow): OutboxOp {
  return {
    seq: row.seq,
    opId: row.opId,
    entity: row.entity,
    id: row.recordId,
    kind: row.kind,
    changes: row.changes ?? null,
    baseVersion: row.baseVersion,
    state: row.state,
    attempts: row.attempts,
    failures: row.failures,
    lastError: row.lastError ?? null,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
  };
}

/**
 * Marks ops as handed to the network: from now on the server may know their opIds, and may apply
 * what they carry now. Each distinct content sent is remembered (`sent`) until the op is answered.
 */
export function markInFlight(parts: StoreParts, opIds: readonly string[]): void {
  unwrap(
    parts.ctx.transact('markInFlight', () => {
      for (const op of parts.outbox.byOpIds(opIds)) {
        if (op.state === 'needs_attention') continue;
        const content = { kind: op.kind, baseVersion: op.baseVersion, changes: op.changes ?? null };
        const sent = op.sent ?? [];
        const known = sent.some((s) => isDeepStrictEqual(s, content));
        parts.outbox.update(op.seq, {
          state: 'in_flight',
          attempts: op.attempts + 1,
          ...(known ? {} : { sent: [...sent, content] }),
        });
      }
    }),
  );
}

/**
 * A transient failure (network, 5xx, timeout) of in-flight ops: back to `failed` with an exponential,
 * jittered delay, or to `needs_attention` after `maxFailures` failures in a row. Never dropped.
 */
export function failOps(parts: StoreParts, opIds: readonly string[], error: AppError): void {
  const { ctx } = parts;
  unwrap(
    ctx.transact('failOps', () => {
      for (const op of parts.outbox.byOpIds(opIds)) {
        if (op.state !== 'in_flight') continue;
        // The officer stopped the sync: the op goes back to the queue, due at once, without a failure.
        if (error.code === 'CANCELLED') {
          parts.outbox.update(op.seq, { state: 'pending', nextAttemptAt: null });
          continue;
        }
        const failures = op.failures + 1;
        const exhausted = failures >= ctx.retry.maxFailures;
        parts.outbox.update(op.seq, {
          failures,
          lastError: error,
          state: exhausted ? 'needs_attention' : 'failed',
          nextAttemptAt: exhausted ? null : ctx.now().getTime() + backoffDelay(failures, ctx.retry, ctx.random),
        });
        if (exhausted) ctx.logger.warn('outbox op needs attention after repeated failures', { opId: op.opId });
      }
    }),
  );
}

/** The officer's "try again": the op is ready now and its failure count starts over. */
export function retryOp(parts: StoreParts, opId: string): Result<void> {
  return parts.ctx.transact('retryOp', () => {
    const op = parts.outbox.byOpId(opId);
    if (!op) fail({ code: 'NOT_FOUND', message: `Queued change ${opId} does not exist` });
    if (op.state === 'in_flight') fail({ code: 'CONFLICT', message: 'This change is being sent right now' });
    parts.outbox.update(op.seq, { state: 'pending', failures: 0, lastError: null, nextAttemptAt: null });
  });
}

function unwrap(result: Result<void>): void {
  // These transactions raise no expected failures; an error value here is a bug.
  if (!result.ok) throw new Error(result.error.message);
}
