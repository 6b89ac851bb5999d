import { isDeepStrictEqual } from 'node:util';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import { type WireRecord, wireFields } from '../../../shared/protocol/records.js';
import type { StoredRow } from '../entity-statements.js';
import { threeWayMerge } from '../merge/three-way-merge.js';
import { rebaseRecordOps } from '../outbox/rebase-record-ops.js';
import { missingParent } from '../parent-check.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';
import type { ApplyStats } from './apply-stats.js';

/**
 * Applies a checked server record to a row with pending local edits, which is never clobbered.
 * - Same or older version: skipped, except in a re-download from scratch (`replace`): a server restored
 *   from a backup may hold an older version, or reuse a version number for other content, so its
 *   record is then merged whatever its version says.
 * - A tombstone: the delete wins (the server has already deleted it and its children). The row becomes
 *   a tombstone, its queued ops go (they could only fail), and unless the officer had deleted it too the
 *   local values are kept in an open `remote_delete` conflict, from which the officer can re-create it.
 * - Over a pending local delete: the delete stays (it reaches the server last), rebased on the new
 *   version; the server's edits being deleted are recorded as a `last_write_wins` conflict.
 * - Otherwise a three-way merge (see `threeWayMerge`), recorded as a conflict when both sides
 *   contributed, and the record's ops are rebased on the server version.
 */
export function applyRemoteToPending(
  parts: StoreParts,
  def: EntityDef,
  row: StoredRow,
  incoming: WireRecord,
  stats: ApplyStats,
  replace = false,
): void {
  if (!replace && row.version !== null && incoming.version <= row.version) {
    stats.skipped++;
    return;
  }
  const meta = { version: incoming.version, updatedAt: incoming.updatedAt };
  const recorded = {
    entity: def.name,
    recordId: row.id,
    baseVersion: row.baseVersion,
    serverVersion: incoming.version,
  };
  if (incoming.deleted) {
    if (!row.deleted) {
      parts.conflicts.record({
        ...recorded,
        kind: 'remote_delete',
        fields: Object.keys(def.fields),
        base: row.base,
        local: row.fields,
        server: {},
        serverDeleted: true,
        resolved: null,
      });
      stats.conflicts++;
    }
    parts.outbox.removeRecord(def.name, row.id);
    parts.ctx
      .statements(def)
      .write({ ...row, ...meta, deleted: true, localState: 'synced', base: null, baseVersion: null });
    stats.deleted++;
    return;
  }
  const server = wireFields(incoming);
  const rebased: StoredRow = row.deleted
    ? { ...row, ...meta, fields: server, base: server, baseVersion: incoming.version }
    : mergeInto(parts, def, row, server, recorded, stats, meta);
  if (row.deleted) {
    const serverChanged = Object.keys(def.fields).filter((f) => !isDeepStrictEqual(row.base?.[f], server[f]));
    if (serverChanged.length > 0) {
      parts.conflicts.record({
        ...recorded,
        kind: 'last_write_wins',
        fields: serverChanged,
        base: row.base,
        local: row.fields,
        server,
        localDeleted: true,
        auto: Object.fromEntries(serverChanged.map((f) => [f, 'local' as const])),
        resolved: null,
      });
      stats.conflicts++;
    }
  }
  // Checked here, not left to SQLite: during a page its foreign-key checks are off (see applyServerPage).
  const orphan = missingParent(parts.ctx, def, row.id, rebased.fields, { rejectDeleted: false });
  if (orphan) fail(orphan);
  parts.ctx.statements(def).write(rebased);
  rebaseRecordOps(parts, def, rebased);
  stats.merged++;
}

function mergeInto(
  parts: StoreParts,
  def: EntityDef,
  row: StoredRow,
  server: Record<string, unknown>,
  recorded: { entity: string; recordId: string; baseVersion: number | null; serverVersion: number },
  stats: ApplyStats,
  meta: { version: number; updatedAt: string },
): StoredRow {
  const result = threeWayMerge({
    base: row.base,
    local: row.fields,
    server,
    fields: Object.keys(def.fields),
    manualFields: def.manualFields,
    rules: def.rules,
  });
  const snapshot = { ...recorded, base: row.base, local: row.fields, server };
  // One collision is one entry, however many fields it touches: the held ones wait for the officer
  // and the ones decided by themselves (mine won) sit beside them, overridable in the same place.
  const contested = [...result.held, ...result.lastWriteWins];
  const mineWon = Object.fromEntries(result.lastWriteWins.map((f) => [f, 'local' as const]));
  if (contested.length > 0) {
    parts.conflicts.record({
      ...snapshot,
      kind: result.held.length > 0 ? 'held' : 'last_write_wins',
      fields: contested,
      auto: mineWon,
      resolved: result.held.length > 0 ? null : result.merged,
    });
    stats.conflicts++;
  }
  const bothContributed = !isDeepStrictEqual(result.merged, row.fields) && !isDeepStrictEqual(result.merged, server);
  if (contested.length === 0 && bothContributed) {
    const fields = [...new Set([...result.localChanged, ...result.serverChanged])];
    const serverChanged = new Set(result.serverChanged);
    const auto = Object.fromEntries(fields.map((f) => [f, serverChanged.has(f) ? 'server' : 'local'] as const));
    parts.conflicts.record({ ...snapshot, kind: 'merged', fields, auto, resolved: result.merged });
    stats.conflicts++;
  }
  return { ...row, ...meta, fields: result.merged, base: server, baseVersion: meta.version };
}
