import { inArray } from 'drizzle-orm';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { err, ok, type Result } from '../../shared/errors.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { ConflictResolutionRecord, ResolutionResult } from '../../shared/protocol/resolutions.js';
import { conflictResolutions } from '../db/schema/server-tables.js';
import type { ServerDb } from '../db/server-database.js';
import { canRead } from '../scope/record-scope.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { lockRecords } from './record-rows.js';

/**
 * What a request's resolutions must be before anything of the request is written: of a declared entity
 * type, choosing only its declared fields. A 400 naming the field otherwise (a bug in the client, not
 * a state of the data: resending would never help).
 */
export function checkResolutions(graph: EntityGraph, resolutions: readonly ConflictResolutionRecord[]): Result<void> {
  for (const [i, resolution] of resolutions.entries()) {
    const def = graph.resolve(resolution.entity);
    if (!def.ok) {
      return err({
        code: 'BAD_REQUEST',
        message: `resolutions[${i}].entity: unknown entity type "${resolution.entity}"`,
        field: `resolutions[${i}].entity`,
      });
    }
    const unknown = Object.keys(resolution.choices).find((field) => !(field in def.value.fields));
    if (unknown !== undefined) {
      return err({
        code: 'BAD_REQUEST',
        message: `resolutions[${i}].choices: ${def.value.label} has no field "${unknown}"`,
        field: `resolutions[${i}].choices.${unknown}`,
      });
    }
  }
  return ok(undefined);
}

export interface ResolutionDeps {
  readonly db: ServerDb;
  readonly graph: EntityGraph;
  readonly model: ScopeModel;
}

/**
 * Stores checked resolutions as the records' history, one result per resolution in request order.
 * Idempotent by id: an id this user sent before is `duplicate` (a request retried after a lost answer),
 * one another user sent is refused; a record the user may not see (or that does not exist) is
 * `rejected` NOT_FOUND, saying no more than a record read would. The scope stored is the record's.
 */
export async function recordResolutions(
  deps: ResolutionDeps,
  request: {
    readonly user: SessionUser;
    readonly clientId: string | null;
    readonly resolutions: readonly ConflictResolutionRecord[];
  },
): Promise<ResolutionResult[]> {
  const { user, resolutions } = request;
  if (resolutions.length === 0) return [];
  const ids = [...new Set(resolutions.map((r) => r.id))];
  const earlier = new Map(
    (
      await deps.db
        .select({ id: conflictResolutions.id, userId: conflictResolutions.userId })
        .from(conflictResolutions)
        .where(inArray(conflictResolutions.id, ids))
    ).map((row) => [row.id, row.userId]),
  );
  const scopes = await recordScopes(deps, resolutions);
  const results = new Map<string, ResolutionResult>();
  const rows: (typeof conflictResolutions.$inferInsert)[] = [];
  for (const resolution of resolutions) {
    if (results.has(resolution.id) || rows.some((row) => row.id === resolution.id)) continue;
    const by = earlier.get(resolution.id);
    if (by !== undefined) {
      results.set(resolution.id, by === user.id ? { id: resolution.id, status: 'duplicate' } : reused(resolution));
      continue;
    }
    const def = deps.graph.resolve(resolution.entity);
    const scope = scopes.get(`${resolution.entity}:${resolution.recordId}`);
    if (!def.ok || !scope || !canRead(deps.model, user, def.value, scope)) {
      results.set(resolution.id, notFound(resolution));
      continue;
    }
    rows.push({
      ...resolution,
      choices: { ...resolution.choices },
      userId: user.id,
      clientId: request.clientId,
      organisationScope: scope.organisation,
      districtScope: scope.district,
    });
  }
  if (rows.length > 0) {
    const stored = await deps.db
      .insert(conflictResolutions)
      .values(rows)
      .onConflictDoNothing({ target: conflictResolutions.id })
      .returning({ id: conflictResolutions.id });
    const fresh = new Set(stored.map((row) => row.id));
    // Not inserted: the same id arrived in a request racing this one (a retry); it is stored once.
    for (const row of rows) results.set(row.id, { id: row.id, status: fresh.has(row.id) ? 'stored' : 'duplicate' });
  }
  return resolutions.map((r) => results.get(r.id) ?? { id: r.id, status: 'duplicate' });
}

/** The scope of every record the resolutions name, tombstones included (a remote delete is resolved too). */
async function recordScopes(deps: ResolutionDeps, resolutions: readonly ConflictResolutionRecord[]) {
  const byEntity = new Map<string, Set<string>>();
  for (const r of resolutions) byEntity.set(r.entity, (byEntity.get(r.entity) ?? new Set()).add(r.recordId));
  const scopes = new Map<string, { organisation: string; district: string | null }>();
  for (const [entity, ids] of byEntity) {
    const def = deps.graph.resolve(entity);
    if (!def.ok) continue;
    for (const [id, row] of await lockRecords(deps.db, def.value, [...ids], 'none')) {
      scopes.set(`${entity}:${id}`, row.scope);
    }
  }
  return scopes;
}

function notFound(resolution: ConflictResolutionRecord): ResolutionResult {
  return {
    id: resolution.id,
    status: 'rejected',
    error: {
      code: 'NOT_FOUND',
      message: `${resolution.entity} ${resolution.recordId} not found`,
      entity: resolution.entity,
      id: resolution.recordId,
    },
  };
}

function reused(resolution: ConflictResolutionRecord): ResolutionResult {
  return {
    id: resolution.id,
    status: 'rejected',
    error: {
      code: 'BAD_REQUEST',
      message: `Resolution id ${resolution.id} was already used by another user`,
      field: 'id',
    },
  };
}
