import type { ConflictResolutionRecord, ResolutionResult } from '../../../shared/protocol/resolutions.js';
import type { StoreParts } from '../store-parts.js';
import type { ConflictRow } from './conflict-repository.js';

/**
 * Hand resolutions the server has not stored yet, as the next sync request carries them
 * (`SyncRequest.resolutions`), oldest first. They stay pending until an answer says stored, duplicate
 * or rejected: a request whose answer is lost sends them again, and the server keeps each id once.
 */
export function unsentResolutions(parts: StoreParts, limit: number): ConflictResolutionRecord[] {
  return parts.conflicts.unsentResolutions(limit).flatMap((row) => {
    const record = toResolutionRecord(row);
    return record ? [record] : [];
  });
}

function toResolutionRecord(row: ConflictRow): ConflictResolutionRecord | undefined {
  // Only hand resolutions are pending (`markResolved` sets both): a row without them is not sendable.
  if (!row.choices || !row.resolvedAt || Object.keys(row.choices).length === 0) return undefined;
  return {
    id: row.id,
    entity: row.entity,
    recordId: row.recordId,
    kind: row.kind,
    choices: row.choices,
    resolvedBy: row.resolvedBy,
    detectedAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    baseVersion: row.baseVersion,
    serverVersion: row.serverVersion,
    opId: row.resolutionOpId,
  };
}

/**
 * The server's answers to sent resolutions, inside the page's transaction: stored and duplicate ones
 * are done; a rejected one (the record is not the user's to see any more) is kept here with the
 * reason and not sent again. Answers for ids no longer pending change nothing, so a replay is harmless.
 */
export function applyResolutionResultsInTransaction(parts: StoreParts, results: readonly ResolutionResult[]): void {
  parts.conflicts.markHistorySent(results.filter((r) => r.status !== 'rejected').map((r) => r.id));
  for (const result of results) {
    if (result.status === 'rejected') {
      parts.ctx.logger.warn('the server refused a conflict resolution for the history', {
        id: result.id,
        code: result.error.code,
      });
      parts.conflicts.markHistoryRefused(result.id, result.error);
    }
  }
}
