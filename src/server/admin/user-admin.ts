import { randomUUID } from 'node:crypto';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../shared/errors.js';
import { brokenPasswordRule, PASSWORD_RULE_TEXT } from '../../shared/protocol/password-policy.js';
import { hashPassword } from '../auth/password-hash.js';
import { passwordChangeTokens, sessions, users } from '../db/schema/server-tables.js';
import { queryRows, type ServerDb } from '../db/server-database.js';
import { changeUserDistricts } from '../sync/scope-changes.js';

/** A refusal of `password` naming the policy rule it breaks. */
function refusedPassword(username: string, password: string): Result<never> | undefined {
  const broken = brokenPasswordRule(username, password);
  return broken
    ? err({ code: 'BAD_REQUEST', message: `password: ${PASSWORD_RULE_TEXT[broken]}`, field: 'password', rule: broken })
    : undefined;
}

export interface UserListing {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationId: string;
  readonly districtIds: readonly string[] | null;
  readonly disabled: boolean;
  readonly role: UserRole;
  /** The password is a one-time one the user has not replaced yet. */
  readonly mustChangePassword: boolean;
  readonly sessions: number;
}

export type UserRole = 'officer' | 'admin';

/**
 * Account administration for the operator (the `npm run admin` CLI): every change that takes a
 * right away (disable, a new password) ends the user's sessions at once, so a device signed in
 * with the old password stops syncing at its next request.
 */
export class UserAdmin {
  /**
   * `organisationId`: an organisation administrator's view (`/api/admin`): only that organisation's
   * users exist for it (others are NOT_FOUND, as records of another organisation are). Without it, the
   * operator's CLI sees every user.
   */
  constructor(
    private readonly db: ServerDb,
    private readonly organisationId?: string,
  ) {}

  /** `where` narrowed to the administrator's organisation, when there is one. */
  private scoped(where: SQL): SQL {
    return this.organisationId ? (and(where, eq(users.organisationId, this.organisationId)) as SQL) : where;
  }

  async add(user: {
    username: string;
    password: string;
    displayName: string;
    organisationId: string;
    districtIds: readonly string[] | null;
    role?: UserRole;
  }): Promise<Result<string>> {
    if (this.organisationId && user.organisationId !== this.organisationId) {
      return err({
        code: 'FORBIDDEN',
        message: 'users can be added to your own organisation only',
        field: 'organisationId',
      });
    }
    const username = user.username.trim();
    if (!/^[\p{L}\p{N}._@-]{1,100}$/u.test(username))
      return err({ code: 'BAD_REQUEST', message: 'username: letters, digits and . _ @ - only', field: 'username' });
    const refused = refusedPassword(username, user.password);
    if (refused) return refused;
    const districts = await this.checkDistricts(user.organisationId, user.districtIds);
    if (!districts.ok) return districts;
    const [taken] = await this.db.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (taken) return err({ code: 'CONFLICT', message: `username "${username}" is taken`, field: 'username' });
    const id = randomUUID();
    await this.db.insert(users).values({
      id,
      username,
      displayName: user.displayName || username,
      passwordHash: await hashPassword(user.password),
      organisationId: user.organisationId,
      districtIds: user.districtIds ? [...user.districtIds] : null,
      role: user.role ?? 'officer',
      // The administrator knows it: it opens no session until the user has chosen their own.
      mustChangePassword: true,
    });
    return ok(id);
  }

  async list(): Promise<UserListing[]> {
    const rows = await this.db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        organisationId: users.organisationId,
        districtIds: users.districtIds,
        disabled: users.disabled,
        role: users.role,
        mustChangePassword: users.mustChangePassword,
        sessions: sql<number>`(SELECT count(*)::int FROM sessions s WHERE s.user_id = ${users.id})`,
      })
      .from(users)
      .where(this.organisationId ? eq(users.organisationId, this.organisationId) : undefined)
      .orderBy(asc(users.username));
    return rows.map((r) => ({ ...r, districtIds: r.districtIds ?? null }));
  }

  /** Disables (or enables) a user; disabling ends every session of theirs. */
  async setDisabled(username: string, disabled: boolean): Promise<Result<void>> {
    const id = await this.idOf(username);
    if (!id.ok) return id;
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ disabled }).where(eq(users.id, id.value));
      if (!disabled) return;
      await tx.delete(sessions).where(eq(sessions.userId, id.value));
      await tx.delete(passwordChangeTokens).where(eq(passwordChangeTokens.userId, id.value));
    });
    return ok(undefined);
  }

  /**
   * Sets a one-time password (the policy applies) and ends every session of the user, and any change
   * of password begun with the previous one: the user must choose their own at the next sign-in.
   */
  async resetPassword(username: string, password: string): Promise<Result<void>> {
    const id = await this.idOf(username);
    if (!id.ok) return id;
    const refused = refusedPassword(username, password);
    if (refused) return refused;
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, id.value));
      await tx.delete(sessions).where(eq(sessions.userId, id.value));
      await tx.delete(passwordChangeTokens).where(eq(passwordChangeTokens.userId, id.value));
    });
    return ok(undefined);
  }

  /**
   * Gives the user other districts (null: the whole organisation). Each request reads the user's
   * districts afresh, so reads and writes follow at once; their devices' next sync removes what they no
   * longer see and brings what they newly see (see `changeUserDistricts`).
   */
  async setDistricts(username: string, districtIds: readonly string[] | null): Promise<Result<void>> {
    const [row] = await this.db
      .select({ id: users.id, organisationId: users.organisationId })
      .from(users)
      .where(this.scoped(eq(users.username, username)));
    if (!row) return err({ code: 'NOT_FOUND', message: `no user "${username}"`, field: 'username' });
    const districts = await this.checkDistricts(row.organisationId, districtIds);
    if (!districts.ok) return districts;
    // Logged on the change feed with the change: the user's devices catch up at their next sync.
    await changeUserDistricts(this.db, row.id, districtIds);
    return ok(undefined);
  }

  /** Makes the user an organisation administrator, or takes the role away (their sessions go on as an officer). */
  async setRole(username: string, role: UserRole): Promise<Result<void>> {
    const id = await this.idOf(username);
    if (!id.ok) return id;
    await this.db.update(users).set({ role }).where(eq(users.id, id.value));
    return ok(undefined);
  }

  private async idOf(username: string): Promise<Result<string>> {
    const [row] = await this.db
      .select({ id: users.id })
      .from(users)
      .where(this.scoped(eq(users.username, username)));
    return row ? ok(row.id) : err({ code: 'NOT_FOUND', message: `no user "${username}"`, field: 'username' });
  }

  /** Every district named must be a live district of the organisation. */
  private async checkDistricts(organisationId: string, districtIds: readonly string[] | null): Promise<Result<void>> {
    if (districtIds === null) return ok(undefined);
    if (districtIds.length === 0)
      return err({ code: 'BAD_REQUEST', message: 'districts: name at least one', field: 'districtIds' });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const bad = districtIds.find((d) => !uuid.test(d));
    if (bad) return err({ code: 'BAD_REQUEST', message: `districts: "${bad}" is not a UUID`, field: 'districtIds' });
    const rows = await queryRows<{ id: string }>(
      this.db,
      sql`SELECT id::text AS id FROM districts WHERE organisation_scope = ${organisationId}::uuid AND NOT deleted
          AND id = ANY(${`{${districtIds.join(',')}}`}::uuid[])`,
    );
    const known = new Set(rows.map((r) => r.id));
    const missing = districtIds.find((d) => !known.has(d.toLowerCase()));
    if (missing)
      return err({
        code: 'NOT_FOUND',
        message: `districts: no district ${missing} in the organisation`,
        field: 'districtIds',
      });
    return ok(undefined);
  }
}
