import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionUser } from '../../shared/protocol/auth.js';
import { authenticateToken } from '../auth/session-store.js';
import type { ServerDb } from '../db/server-database.js';
import { sendError } from '../http/send-error.js';

const users = new WeakMap<FastifyRequest, SessionUser>();

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
    const user = await authenticateToken(db, token, now());
    if (!user.ok) return sendError(reply, user.error);
    users.set(request, user.value);
  });
}

/** The user `requireSession` authenticated. */
export function userOf(request: FastifyRequest): SessionUser {
  const user = users.get(request);
  if (!user)
    throw new Error(`No session user on ${request.method} ${request.url}: route outside the authenticated scope`);
  return user;
}
