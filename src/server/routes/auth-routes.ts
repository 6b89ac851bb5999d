import type { FastifyInstance } from 'fastify';
import { loginRequestSchema } from '../../shared/protocol/auth.js';
import { login, logout } from '../auth/session-store.js';
import { parseInput } from '../http/parse-input.js';
import { sendError } from '../http/send-error.js';
import type { ServerContext } from '../server-context.js';
import { bearerToken } from './authenticate.js';

/** `POST /api/auth/login` (public). */
export function publicAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/auth/login', async (request, reply) => {
    const body = parseInput(loginRequestSchema, request.body);
    if (!body.ok) return sendError(reply, body.error);
    const session = await login(ctx.db, body.value.username, body.value.password, ctx.now(), ctx.limits.sessionTtlMs);
    return session.ok ? session.value : sendError(reply, session.error);
  });
}

/** `POST /api/auth/logout`: ends the session of the token sent. */
export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/auth/logout', async (request, reply) => {
    const token = bearerToken(request);
    if (token) await logout(ctx.db, token);
    return reply.code(204).send();
  });
}
