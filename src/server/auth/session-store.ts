import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
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
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.insert(sessions).values({ tokenHash: tokenHash(token), userId: row.id, expiresAt });
  return ok({ token, expiresAt, user: sessionUser(row) });
}

/** The user of a bearer token, or why there is none. */
export async function authenticateToken(db: ServerDb, token: string, now: Date): Promise<Result<SessionUser>> {
  const [row] = await db
    .select({ user: users, expired: sql<boolean>`${sessions.expiresAt} <= ${now.toISOString()}::timestamptz` })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash(token)));
  if (!row) return err({ code: 'UNAUTHORIZED', message: 'The session token is not valid; sign in again' });
  if (row.expired) return err({ code: 'UNAUTHORIZED', message: 'The session expired; sign in again' });
  return ok(sessionUser(row.user));
}

export async function logout(db: ServerDb, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}
