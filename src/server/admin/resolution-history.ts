import { and, desc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { ConflictKind, ResolutionChoice, StoredResolution } from '../../shared/protocol/resolutions.js';
import { conflictResolutions, users } from '../db/schema/server-tables.js';
import type { ServerDb } from '../db/server-database.js';

/** `GET /api/admin/conflict-resolutions` query: one record's history, one type's, or the latest of all. */
export const resolutionQuerySchema = z.strictObject({
  entity: z.string().min(1).max(64).optional(),
  recordId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ResolutionQuery = z.infer<typeof resolutionQuerySchema>;

/**
 * The conflict resolutions devices sent, newest received first, that the administrator may see: of
 * their organisation and, when their account is limited to districts, of those districts (or of
 * organisation-wide records), as record reads are scoped.
 */
export async function resolutionHistory(
  db: ServerDb,
  admin: SessionUser,
  query: ResolutionQuery,
): Promise<StoredResolution[]> {
  const r = conflictResolutions;
  const where: SQL[] = [eq(r.organisationScope, admin.organisationId)];
  if (admin.districtIds) {
    const districts = or(isNull(r.districtScope), inArray(r.districtScope, admin.districtIds));
    if (districts) where.push(districts);
  }
  if (query.entity) where.push(eq(r.entity, query.entity));
  if (query.recordId) where.push(eq(r.recordId, query.recordId));
  const rows = await db
    .select({ resolution: r, username: users.username })
    .from(r)
    .leftJoin(users, eq(users.id, r.userId))
    .where(and(...where))
    .orderBy(desc(r.receivedAt), desc(r.id))
    .limit(query.limit);
  return rows.map(({ resolution: row, username }) => ({
    id: row.id,
    entity: row.entity,
    recordId: row.recordId,
    kind: row.kind as ConflictKind,
    choices: row.choices as Record<string, ResolutionChoice>,
    resolvedBy: row.resolvedBy,
    detectedAt: iso(row.detectedAt),
    resolvedAt: iso(row.resolvedAt),
    baseVersion: row.baseVersion,
    serverVersion: row.serverVersion,
    opId: row.opId,
    userId: row.userId,
    username: username ?? '',
    receivedAt: iso(row.receivedAt),
  }));
}

/** PostgreSQL's text form of a timestamp (`2026-12-04 20:50:00+00`) as ISO 8601. */
function iso(value: string): string {
  return new Date(value).toISOString();
}
