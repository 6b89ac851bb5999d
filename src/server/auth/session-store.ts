import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../shared/errors.js';
import type { LoginResponse, PasswordChangeRequired, SessionUser } from '../../shared/protocol/auth.js';
import { brokenPasswordRule, PASSWORD_RULE_TEXT, type PasswordRule } from '../../shared/protocol/password-policy.js';
import { passwordChangeTokens, sessions, users } from '../db/schema/server-tables.js';
import type { ServerDb } from '../db/server-database.js';
import type { HashGate } from './login-guard.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password-hash.js';

/** Only a hash of a token is stored: the sessions table cannot be replayed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sessionUser(row: SessionUser): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    organisationId: row.organisationId,
    districtIds: row.districtIds ?? null,
  };
}

const WRONG = { code: 'UNAUTHORIZED', message: 'Wrong username or password' } as const;

/**
 * Checks credentials and opens a session of `ttlMs`; a one-time password opens none and answers the
 * `PASSWORD_CHANGE_REQUIRED` body with a change token instead. The password hash is computed through
 * `gate` when given (a bounded number at once, see `HashGate`).
 */
export async function login(
  db: ServerDb,
  username: string,
  password: string,
  now: Date,
  ttlMs: number,
  gate?: HashGate,
): Promise<Result<LoginResponse | PasswordChangeRequired>> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  const verify = () => verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  const valid = await (gate ? gate.run(verify) : verify());
  if (!row || !valid) return err(WRONG);
  if (row.disabled) return err({ code: 'UNAUTHORIZED', message: 'This account is disabled; ask your administrator' });
  if (row.mustChangePassword) {
    const changeToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + PASSWORD_CHANGE_TTL_MS).toISOString();
    await db.transaction(async (tx) => {
      // The user's spent-by-time tokens go as a new one comes: the table stays as small as the live ones.
      await tx
        .delete(passwordChangeTokens)
        .where(
          and(
            eq(passwordChangeTokens.userId, row.id),
            sql`${passwordChangeTokens.expiresAt} <= ${now.toISOString()}::timestamptz`,
          ),
        );
      await tx.insert(passwordChangeTokens).values({ tokenHash: tokenHash(changeToken), userId: row.id, expiresAt });
    });
    return ok({ error: CHANGE_REQUIRED, passwordChange: { changeToken, expiresAt } });
  }
  return ok(await openSession(db, row, now, ttlMs));
}

async function openSession(
  db: Pick<ServerDb, 'insert'>,
  row: typeof users.$inferSelect,
  now: Date,
  ttlMs: number,
): Promise<LoginResponse> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.insert(sessions).values({ tokenHash: tokenHash(token), userId: row.id, expiresAt });
  return { token, expiresAt, user: sessionUser(row) };
}

/** How long the proof of a one-time-password sign-in lets the user choose a new password. */
export const PASSWORD_CHANGE_TTL_MS = 10 * 60_000;

const CHANGE_REQUIRED = {
  code: 'PASSWORD_CHANGE_REQUIRED',
  message: 'This password works only once: choose a new password to sign in',
} as const;

const CHANGE_TOKEN_INVALID = {
  code: 'UNAUTHORIZED',
  message: 'The time to choose a new password has run out, or it was already chosen; sign in again',
} as const;

/** A 400 naming the policy rule a new password breaks (`field: 'newPassword'`, `rule`). */
function refusedPassword(rule: PasswordRule) {
  return {
    code: 'BAD_REQUEST',
    field: 'newPassword',
    rule,
    message: `New password: ${PASSWORD_RULE_TEXT[rule]}`,
  } as const;
}

/**
 * Replaces a one-time password with the user's own: the change token (from `login`) must be live and
 * unused, the new password must pass the policy and differ from the one it replaces. In one
 * transaction the password is set, the flag cleared, every session and change token of the user
 * ended, and a session of the new password opened (returned, so the app signs in without asking again).
 * The hashes run through `gate` when given, like a login's.
 */
export async function changeOneTimePassword(
  db: ServerDb,
  changeToken: string,
  newPassword: string,
  now: Date,
  ttlMs: number,
  gate?: HashGate,
): Promise<Result<LoginResponse>> {
  const [row] = await db
    .select({ user: users })
    .from(passwordChangeTokens)
    .innerJoin(users, eq(users.id, passwordChangeTokens.userId))
    .where(
      and(
        eq(passwordChangeTokens.tokenHash, tokenHash(changeToken)),
        sql`${passwordChangeTokens.expiresAt} > ${now.toISOString()}::timestamptz`,
      ),
    );
  if (!row || row.user.disabled || !row.user.mustChangePassword) return err(CHANGE_TOKEN_INVALID);
  const user = row.user;
  const broken = brokenPasswordRule(user.username, newPassword);
  if (broken) return err(refusedPassword(broken));
  const run = <T>(work: () => Promise<T>) => (gate ? gate.run(work) : work());
  if (await run(() => verifyPassword(newPassword, user.passwordHash))) return err(refusedPassword('same-as-old'));
  const passwordHash = await run(() => hashPassword(newPassword));
  return db.transaction(async (tx) => {
    // Spends the token: of two changes racing with it, only the one that deletes it goes on.
    const spent = await tx
      .delete(passwordChangeTokens)
      .where(eq(passwordChangeTokens.tokenHash, tokenHash(changeToken)))
      .returning({ userId: passwordChangeTokens.userId });
    if (spent.length !== 1) return err(CHANGE_TOKEN_INVALID);
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await tx.delete(passwordChangeTokens).where(eq(passwordChangeTokens.userId, user.id));
    return ok(await openSession(tx, user, now, ttlMs));
  });
}

/** A live session: its user, the hash that names it and the device it is bound to (if it synced yet). */
export interface SessionFacts {
  readonly user: SessionUser;
  readonly tokenHash: string;
  readonly clientId: string | null;
}

/** The session lookup every authenticated request makes, built and prepared once per database. */
function sessionLookup(db: ServerDb) {
  return db
    .select({
      user: users,
      clientId: sessions.clientId,
      expired: sql<boolean>`${sessions.expiresAt} <= ${sql.placeholder('now')}::timestamptz`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('hash')))
    .prepare('fs_session_lookup');
}
const sessionLookups = new WeakMap<ServerDb, ReturnType<typeof sessionLookup>>();

/** The session of a bearer token, or why there is none. */
export async function authenticateToken(db: ServerDb, token: string, now: Date): Promise<Result<SessionFacts>> {
  const hash = tokenHash(token);
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = sessionLookup(db);
    sessionLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ hash, now: now.toISOString() });
  return sessionFromRow(row, hash);
}

/** What a session lookup reads: the session's user, its device and whether it expired. */
export interface SessionRow {
  readonly user: SessionUser & { readonly disabled: boolean; readonly mustChangePassword: boolean };
  readonly clientId: string | null;
  readonly expired: boolean;
}

/** The session a lookup found (or did not), or why it cannot be used. */
export function sessionFromRow(row: SessionRow | undefined, hash: string): Result<SessionFacts> {
  if (!row) return err({ code: 'UNAUTHORIZED', message: 'The session token is not valid; sign in again' });
  if (row.expired) return err({ code: 'UNAUTHORIZED', message: 'The session expired; sign in again' });
  if (row.user.disabled)
    return err({ code: 'UNAUTHORIZED', message: 'This account is disabled; ask your administrator' });
  // Never true for a session (a one-time password opens none, and setting one ends them all): kept so
  // that a session that somehow outlived the reset still cannot be used before the change.
  if (row.user.mustChangePassword) return err(CHANGE_REQUIRED);
  return ok({ user: sessionUser(row.user), tokenHash: hash, clientId: row.clientId });
}

const OTHER_DEVICE = {
  code: 'UNAUTHORIZED',
  message: 'This session belongs to another device (client id); sign in again on this one',
  field: 'clientId',
} as const;

/**
 * Binds a session to the device that syncs with it: the first `clientId` it names sticks, and any
 * other one is refused (a device that signs in again gets a new session for its own id). Atomic, so
 * two first syncs racing with different ids cannot both win.
 */
export async function bindClientId(db: ServerDb, session: SessionFacts, clientId: string): Promise<Result<void>> {
  if (session.clientId !== null) return session.clientId === clientId ? ok(undefined) : err(OTHER_DEVICE);
  const bound = await db
    .update(sessions)
    .set({ clientId })
    .where(
      and(eq(sessions.tokenHash, session.tokenHash), or(isNull(sessions.clientId), eq(sessions.clientId, clientId))),
    )
    .returning({ clientId: sessions.clientId });
  return bound.length === 1 ? ok(undefined) : err(OTHER_DEVICE);
}

/**
 * The key stored as a record's last writer (`last_client_id`) and compared when a pull skips the
 * caller's own writes: a UUID-shaped hash of the user and the client id. A client id names a device
 * only within its user, so naming another user's device id never hides an edit from that device.
 */
export function writerKey(userId: string, clientId: string): string {
  const hex = createHash('sha256').update(`${userId}\n${clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export async function logout(db: ServerDb, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}
