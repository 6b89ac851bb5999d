import { sql } from 'drizzle-orm';
import { schoolVisit } from '../../shared/entities/index.js';
import { err, ok, type Result } from '../../shared/errors.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import { queryRow, type ServerDb } from '../db/server-database.js';

/** The signed-in user of a photo request. */
export type PhotoUser = SessionUser;

/** Whether a user may attach photos to a visit: the same check as any write to that visit. */
export type VisitScopeCheck = (user: PhotoUser, visitId: string) => Promise<Result<void>>;

/**
 * The visit must exist, be live, and lie inside the user's organisation and (for district users) one
 * of their districts, per the scope columns the server derives from each record's owner chain.
 */
export function sqlVisitScope(db: ServerDb): VisitScopeCheck {
  return async (user, visitId) => {
    const row = await queryRow<{ organisation_scope: string; district_scope: string | null; deleted: boolean }>(
      db,
      sql`SELECT organisation_scope, district_scope, deleted FROM ${sql.identifier(schoolVisit.table)} WHERE id = ${visitId}`,
    );
    const where = { entity: 'schoolVisit', id: visitId, field: 'schoolVisitId' };
    if (!row || row.deleted) return err({ code: 'NOT_FOUND', message: 'School visit not found', ...where });
    const inScope =
      row.organisation_scope === user.organisationId &&
      (user.districtIds === null || (row.district_scope !== null && user.districtIds.includes(row.district_scope)));
    if (!inScope) {
      return err({
        code: 'FORBIDDEN',
        message: 'This school visit is outside your organisation or districts',
        ...where,
      });
    }
    return ok(undefined);
  };
}
