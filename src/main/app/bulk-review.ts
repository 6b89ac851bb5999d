import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import type { BulkReview, UndoBulkReview } from '../../shared/ipc/schemas/worklist.js';
import type { LocalStore } from '../store/index.js';

/** The fields a bulk review writes (and its undo puts back). */
type ReviewFields = Readonly<Record<string, unknown>>;

interface LastBulk {
  readonly bulkId: string;
  readonly store: LocalStore;
  /** What the bulk review wrote (the same for every visit). */
  readonly set: ReviewFields;
  /** Each changed visit's review before it. */
  readonly before: ReadonlyMap<string, ReviewFields>;
}

export interface BulkReviewRequest {
  readonly visitIds: readonly string[];
  readonly decision: 'approved' | 'flagged';
  readonly comment: string | null;
  readonly reviewer: string;
  readonly at: string;
}

/**
 * Bulk Approve / Flag and its Undo. A bulk review is one store transaction with one outbox operation
 * per visit. Undo is a second bulk edit that writes each visit's earlier review back: through
 * `updateRecords`, a visit whose operation has not left the PC ends with nothing to send (the
 * operation is withdrawn, the server never hears of either change), and one whose operation was
 * already sent gets a new operation carrying the earlier review. Restoring by edit rather than by
 * deleting outbox rows keeps one rule for both cases and never loses an edit made on top.
 * A visit reviewed again since (here, or pulled from the server) is left alone: Undo takes back
 * the bulk action, not later decisions. Only the session's last bulk review can be undone.
 */
export class BulkReviewer {
  private last: LastBulk | null = null;

  review(store: LocalStore, request: BulkReviewRequest): Result<BulkReview> {
    const set: ReviewFields = {
      reviewStatus: request.decision,
      reviewComment: request.comment,
      reviewedBy: request.reviewer,
      reviewedAt: request.at,
      // A follow-up belongs to a flagged visit (the entity's rule): approving closes it, as `visit:review` does.
      ...(request.decision === 'flagged' ? {} : { followUpDate: null, followUpNote: null }),
    };
    const before = new Map<string, ReviewFields>();
    const result = store.updateRecords('schoolVisit', request.visitIds, (current) => {
      // Already so decided (same status and comment): no new operation, and nothing for Undo to restore.
      if (current.reviewStatus === set.reviewStatus && (current.reviewComment ?? null) === set.reviewComment)
        return null;
      return { ...set };
    });
    if (!result.ok) return result;
    for (const r of result.value) if (!r.skipped) before.set(r.id, pick(r.before, Object.keys(set)));
    const bulkId = randomUUID();
    this.last = { bulkId, store, set, before };
    return ok({ bulkId, changed: before.size, unchanged: result.value.length - before.size });
  }

  undo(store: LocalStore, bulkId: string): Result<UndoBulkReview> {
    const last = this.last;
    if (!last || last.bulkId !== bulkId || last.store !== store) {
      return err(officerError('NOT_FOUND', text('errors:bulkReview.undoLastOnly')));
    }
    const result = store.updateRecords('schoolVisit', [...last.before.keys()], (current, id) =>
      Object.keys(last.set).every((f) => (current[f] ?? null) === (last.set[f] ?? null))
        ? { ...last.before.get(id) }
        : null,
    );
    if (!result.ok) return result;
    this.last = null;
    const restored = result.value.filter((r) => !r.skipped);
    return ok({
      restored: restored.length,
      withdrawn: restored.filter((r) => r.opId === null).length,
      skipped: result.value.length - restored.length,
    });
  }
}

function pick(fields: Readonly<Record<string, unknown>>, names: readonly string[]): ReviewFields {
  return Object.fromEntries(names.map((f) => [f, fields[f] ?? null]));
}
