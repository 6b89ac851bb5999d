import { ACCESS_UNIT } from '../../../shared/entities/district.js';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n/message.js';
import { officerError } from '../../../shared/i18n/officer-error.js';
import type { ScopeRemovals } from '../../../shared/protocol/sync.js';
import type { StoredRow } from '../entity-statements.js';
import { titleOf } from '../record-title.js';
import { fail } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';
import { type ApplyStats, emptyStats } from './apply-stats.js';

/**
 * Lets go of records the user may no longer see (an administrator changed their districts; the server
 * sends their ids as `removals`), each with what it owns, children first so no reference is left
 * dangling. A record with queued changes is never dropped: it stays as it is and its changes wait in
 * the queue as needing attention (`OUT_OF_SCOPE`, naming the district) until the officer discards them
 * or the district is given back. A record something still references (a kept record under it, a
 * record of another district through a non-owning reference) stays as a hidden tombstone at version 0,
 * so the reference holds and the record is taken back whole if the district returns (any server
 * version is newer). Everything else is deleted, so the store holds exactly what a fresh copy would.
 */
export function applyScopeRemovals(parts: StoreParts, removals: readonly ScopeRemovals[], stats: ApplyStats): void {
  const groups = removals.map((group) => {
    const def = parts.ctx.graph.resolveCollection(group.collection);
    if (!def.ok) fail(def.error);
    return { def: def.value, ids: group.ids };
  });
  groups.sort((a, b) => parts.ctx.topoIndex(a.def.name) - parts.ctx.topoIndex(b.def.name));
  for (const group of groups) for (const id of group.ids) letGo(parts, group.def, id, stats);
}

/**
 * After the officer discarded the queued changes of a record out of their districts: lets it go like
 * any other removal (what it owns with queued changes stays, still needing attention).
 */
export function letGoOfDiscarded(parts: StoreParts, def: EntityDef, id: string): void {
  letGo(parts, def, id, emptyStats());
}

/** Removes a record and what it owns; `true` when the record stays in some form (see above). */
function letGo(parts: StoreParts, def: EntityDef, id: string, stats: ApplyStats): boolean {
  const statements = parts.ctx.statements(def);
  const row = statements.get(id);
  if (!row) return false;
  let anchored = false;
  for (const child of parts.ctx.graph.childrenOf(def)) {
    if (child.def.ownerRef?.field !== child.field) continue;
    for (const childId of parts.ctx.statements(child.def).childIds(child.field, id)) {
      if (letGo(parts, child.def, childId, stats)) anchored = true;
    }
  }
  const ops = parts.outbox.opsOf(def.name, id);
  if (ops.length > 0 || row.localState === 'pending') {
    holdForOfficer(parts, def, row);
    stats.outOfScope++;
    return true;
  }
  const referenced =
    anchored ||
    parts.ctx.graph.childrenOf(def).some((c) => parts.ctx.statements(c.def).childIds(c.field, id).length > 0);
  if (referenced) {
    if (!row.deleted || row.version !== 0) statements.write({ ...row, deleted: true, version: 0 });
  } else {
    statements.remove(id);
  }
  stats.removed++;
  return referenced;
}

/** The record's queued changes wait for the officer, saying which district was lost. */
function holdForOfficer(parts: StoreParts, def: EntityDef, row: StoredRow): void {
  const error = outOfScopeError(districtName(parts, def, row), def.name, row.id);
  for (const op of parts.outbox.opsOf(def.name, row.id)) {
    if (op.state === 'needs_attention' && op.lastError?.code === 'OUT_OF_SCOPE') continue;
    parts.outbox.update(op.seq, { state: 'needs_attention', lastError: error, nextAttemptAt: null });
  }
}

/** Why a change cannot be sent: the district (by name, when known) is no longer the officer's. */
export function outOfScopeError(district: string | undefined, entity: string, id: string): AppError {
  return officerError(
    'OUT_OF_SCOPE',
    district ? text('errors:record.outOfScope', { district }) : text('errors:code.OUT_OF_SCOPE'),
    { entity, id },
  );
}

/** The name of the district that owns a record, following owning references up (undefined if unknown). */
function districtName(parts: StoreParts, def: EntityDef, row: StoredRow): string | undefined {
  let currentDef: EntityDef = def;
  let fields = row.fields;
  let id = row.id;
  for (let hops = 0; hops <= parts.ctx.graph.ordered.length; hops++) {
    if (currentDef.name === ACCESS_UNIT) return titleOf(currentDef, id, fields);
    const ref = currentDef.ownerRef;
    const ownerId = ref ? fields[ref.field] : undefined;
    if (!ref || typeof ownerId !== 'string') return undefined;
    const ownerDef = parts.ctx.defOrThrow(ref.entity);
    const owner = parts.ctx.statements(ownerDef).get(ownerId);
    if (!owner) return undefined;
    currentDef = ownerDef;
    fields = owner.fields;
    id = ownerId;
  }
  return undefined;
}
