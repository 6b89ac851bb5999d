import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ok, type Result } from '../../shared/errors.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import { KnownSessions, type SessionToCheck } from '../auth/session-check.js';
import { authenticateToken, type SessionFacts, tokenHash } from '../auth/session-store.js';
import type { ServerDb } from '../db/server-database.js';
import { sendError } from '../http/send-error.js';

const sessions = new WeakMap<FastifyRequest, SessionFacts>();

/** The token of `Authorization: Bearer <token>`, if well-formed. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_\-.~+/]{16,200}=*)$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The route whose push checks its session in its own first statement (see session-check.ts). */
const CHECKED_IN_PUSH = '/api/sync';

/** Requests that went on with a session not read again for them, and the lookup that reads it. */
const unchecked = new WeakMap<FastifyRequest, () => Promise<Result<SessionFacts>>>();

/**
 * Refuses every request of this scope without a valid, unexpired session (before its body is read),
 * and remembers the user for `userOf`. A sync with a token this process has authenticated before goes
 * on with the facts seen then, unchecked: its push reads the session again in its first statement, and
 * any other way through the route looks it up first (`lookUpSession`).
 */
export function requireSession(
  app: FastifyInstance,
  db: ServerDb,
  now: () => Date,
  known: KnownSessions = new KnownSessions(),
): void {
  const lookUp = async (request: FastifyRequest, token: string): Promise<Result<SessionFacts>> => {
    const session = await authenticateToken(db, token, now());
    if (!session.ok) {
      known.forget(tokenHash(token));
      return session;
    }
    known.remember(session.value);
    sessions.set(request, session.value);
    return session;
  };
  app.addHook('onRequest', async (request, reply) => {
    const token = bearerToken(request);
    if (!token) {
      return sendError(reply, { code: 'UNAUTHORIZED', message: 'Sign in first: send Authorization: Bearer <token>' });
    }
    const seen =
      request.method === 'POST' && request.routeOptions.url === CHECKED_IN_PUSH && known.get(tokenHash(token));
    if (seen) {
      sessions.set(request, seen);
      unchecked.set(request, () => lookUp(request, token));
      return;
    }
    const session = await lookUp(request, token);
    if (!session.ok) return sendError(reply, session.error);
  });
}

/** The session the request went on with unchecked, for its push to check (undefined: it was looked up). */
export function sessionToCheck(request: FastifyRequest, now: Date): SessionToCheck | undefined {
  if (!unchecked.has(request)) return undefined;
  return { facts: sessionOf(request), now: now.toISOString() };
}

/** Looks the request's session up now if it went on unchecked (its facts are replaced by what is read). */
export async function lookUpSession(request: FastifyRequest): Promise<Result<SessionFacts>> {
  const lookUp = unchecked.get(request);
  if (!lookUp) return ok(sessionOf(request));
  unchecked.delete(request);
  return lookUp();
}

/** The user `requireSession` authenticated. */
export function userOf(request: FastifyRequest): SessionUser {
  return sessionOf(request).user;
}

/** The session `requireSession` authenticated (user, token hash, bound client id). */
export function sessionOf(request: FastifyRequest): SessionFacts {
  const session = sessions.get(request);
  if (!session)
    throw new Error(`No session on ${request.method} ${request.url}: route outside the authenticated scope`);
  return session;
}
