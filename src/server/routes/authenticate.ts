import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionUser } from '../../shared/protocol/auth.js';
import { authenticateToken, type SessionFacts } from '../auth/session-store.js';
import type { ServerDb } from '../db/server-database.js';
import { sendError } from '../http/send-error.js';

const sessions = new WeakMap<FastifyRequest, SessionFacts>();

/** The token of `Authorization: Bearer <token>`, if well-formed. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_\-.~+/]{16,200}=*)$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Refuses every request of this scope without a valid, unexpired session (before its body is read),
 * and remembers the user for `userOf`.
 */
export function requireSession(app: FastifyInstance, db: ServerDb, now: () => Date): void {
  app.addHook('onRequest', async (request, reply) => {
    const token = bearerToken(request);
    if (!token) {
      return sendError(reply, { code: 'UNAUTHORIZED', message: 'Sign in first: send Authorization: Bearer <token>' });
    }
    const session = await authenticateToken(db, token, now());
    if (!session.ok) return sendError(reply, session.error);
    sessions.set(request, session.value);
  });
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
