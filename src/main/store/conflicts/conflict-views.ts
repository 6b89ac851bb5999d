import { lookUpTitle } from '../record-title.js';
import type { StoreParts } from '../store-parts.js';
import type { ConflictView } from '../store-types.js';
import { timed } from '../timed.js';
import type { ConflictRow } from './conflict-repository.js';

/** The conflicts screen: every recorded conflict (or those with `status`), oldest first. */
export function listConflicts(parts: StoreParts, filter: { status?: 'open' | 'resolved' } = {}): ConflictView[] {
  const { ctx } = parts;
  return timed(ctx.logger, ctx.slowMs, 'listConflicts', () =>
    parts.conflicts.list(filter.status).map((row) => toConflictView(parts, row)),
  );
}

function toConflictView(parts: StoreParts, row: ConflictRow): ConflictView {
  return {
    id: row.id,
    entity: row.entity,
    entityLabel: parts.ctx.graph.byName.get(row.entity)?.label ?? row.entity,
    recordId: row.recordId,
    recordTitle: lookUpTitle(parts.ctx, row.entity, row.recordId),
    kind: row.kind,
    status: row.status,
    fields: row.fields.map((field) => ({
      field,
      base: row.base?.[field],
      local: row.local[field],
      server: row.server[field],
      resolved: row.resolved?.[field],
    })),
    localDeleted: row.localDeleted,
    serverDeleted: row.serverDeleted,
    base: row.base ?? null,
    local: row.local,
    server: row.server,
    resolved: row.resolved ?? null,
    baseVersion: row.baseVersion,
    serverVersion: row.serverVersion,
    auto: row.auto ?? {},
    resolvedBy: row.resolvedBy,
    choices: row.choices,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
  };
}
