import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../shared/errors.js';
import type { LoginResponse, SessionUser } from '../../shared/protocol/auth.js';
import { sessions, users } from '../db/schema/server-tables.js';
import type { ServerDb } from '../db/server-database.js';
import type { HashGate } from './login-guard.js';
import { DUMMY_HASH, verifyPassword } from './password-hash.js';

/** Only a hash of a token is stored: the sessions table cannot be replayed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sessionUser(row: typeof users.$inferSelect): SessionUser {
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
 * Checks credentials and opens a session of `ttlMs`. The password hash is computed through `gate`
 * when given (a bounded number at once, see `HashGate`).
 */
export async function login(
  db: ServerDb,
  username: string,
  password: string,
  now: Date,
  ttlMs: number,
  gate?: HashGate,
): Promise<Result<LoginResponse>> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  const verify = () => verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  const valid = await (gate ? gate.run(verify) : verify());
  if (!row || !valid) return err(WRONG);
  if (row.disabled) return err({ code: 'UNAUTHORIZED', message: 'This account is disabled; ask your administrator' });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.insert(sessions).values({ tokenHash: tokenHash(token), userId: row.id, expiresAt });
  return ok({ token, expiresAt, user: sessionUser(row) });
}

/** A live session: its user, the hash that names it and the device it is bound to (if it synced yet). */
export interface SessionFacts {
  readonly user: SessionUser;
  readonly tokenHash: string;
  readonly clientId: string | null;
}

/** The session of a bearer token, or why there is none. */
export async function authenticateToken(db: ServerDb, token: string, now: Date): Promise<Result<SessionFacts>> {
  const hash = tokenHash(token);
  const [row] = await db
    .select({
      user: users,
      clientId: sessions.clientId,
      expired: sql<boolean>`${sessions.expiresAt} <= ${now.toISOString()}::timestamptz`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, hash));
  if (!row) return err({ code: 'UNAUTHORIZED', message: 'The session token is not valid; sign in again' });
  if (row.expired) return err({ code: 'UNAUTHORIZED', message: 'The session expired; sign in again' });
  if (row.user.disabled)
    return err({ code: 'UNAUTHORIZED', message: 'This account is disabled; ask your administrator' });
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
