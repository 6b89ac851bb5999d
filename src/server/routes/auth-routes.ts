import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changePasswordRequestSchema, loginRequestSchema } from '../../shared/protocol/auth.js';
import { HashGate, HashingBusy, hashSlots, LoginLockout, MinuteWindow } from '../auth/login-guard.js';
import { changeOneTimePassword, login, logout } from '../auth/session-store.js';
import { parseInput } from '../http/parse-input.js';
import { sendError } from '../http/send-error.js';
import type { ServerContext } from '../server-context.js';
import { bearerToken } from './authenticate.js';

/** A refusal for too many attempts: 429 with Retry-After and the usual `{ error }` body. */
export class TooManyAttempts extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfterMs: number) {
    super(`Too many sign-in attempts; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'TooManyAttempts';
  }
}

/** Sends a `TooManyAttempts` (also used by the error handler for the rate limiter's refusals). */
export function sendTooMany(reply: FastifyReply, error: TooManyAttempts): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))))
    .send({ error: { code: 'UNAUTHORIZED', message: error.message } });
}

/** `work`'s result, or undefined when it was refused because every hashing slot and the queue are taken. */
async function unlessBusy<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HashingBusy) return undefined;
    throw error;
  }
}

/** Every hashing slot and the queue are taken: 503, try again in a second. */
function sendHashingBusy(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', '1')
    .send({ error: { code: 'SERVER', message: 'Too many sign-ins at once; try again in a moment' } });
}

/** The username a login names, normalised for counting (never trusted for anything else). */
function usernameOf(request: FastifyRequest): string {
  const name = (request.body as { username?: unknown } | null)?.username;
  return typeof name === 'string' ? name.trim().toLowerCase().slice(0, 200) : '';
}

/**
 * `POST /api/auth/login` (public). Rate-limited per client address and per username
 * (@fastify/rate-limit, per server process); wrong passwords lock the username and the address out
 * for growing delays (`LoginLockout`); password hashes run a bounded number at once (`HashGate`).
 * Refusals are 429 with Retry-After, checked before any hashing. Failed logins are logged.
 *
 * A one-time password (set by an administrator) answers 403 `PASSWORD_CHANGE_REQUIRED` with a change
 * token and no session; `POST /api/auth/change-password` (public, rate-limited per address, hashing
 * through the same gate) spends that token to set the user's own password and answers the session.
 */
export async function publicAuthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const limits = ctx.limits.login;
  const lockout = new LoginLockout(limits);
  const gate = new HashGate(hashSlots(limits), limits.queuedHashes);
  const perUsername = new MinuteWindow(limits.perUsernamePerMinute);
  await app.register(rateLimit, { global: false });
  app.post(
    '/api/auth/login',
    {
      config: {
        rateLimit: {
          max: limits.perAddressPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => `address:${request.ip}`,
          errorResponseBuilder: (_request, context) => {
            ctx.metrics.loginFailures.inc({ reason: 'rate_limit' });
            return new TooManyAttempts(context.ttl);
          },
        },
      },
    },
    async (request, reply) => {
      const body = parseInput(loginRequestSchema, request.body);
      if (!body.ok) return sendError(reply, body.error);
      const keys = [`user:${usernameOf(request)}`, `address:${request.ip}`];
      const now = ctx.now().getTime();
      const overLimit = perUsername.hit(keys[0] ?? '', now);
      if (overLimit > 0) {
        request.log.warn({ username: body.value.username, address: request.ip }, 'login refused: rate limit');
        ctx.metrics.loginFailures.inc({ reason: 'rate_limit' });
        return sendTooMany(reply, new TooManyAttempts(overLimit));
      }
      const wait = Math.max(...keys.map((key) => lockout.waitFor(key, now)));
      if (wait > 0) {
        request.log.warn({ username: body.value.username, address: request.ip }, 'login refused: locked out');
        ctx.metrics.loginFailures.inc({ reason: 'locked_out' });
        return sendTooMany(reply, new TooManyAttempts(wait));
      }
      const session = await unlessBusy(() =>
        login(ctx.db, body.value.username, body.value.password, ctx.now(), ctx.limits.sessionTtlMs, gate),
      );
      if (!session) return sendHashingBusy(reply);
      if (!session.ok) {
        for (const key of keys) lockout.failed(key, now);
        request.log.warn({ username: body.value.username, address: request.ip }, 'failed login');
        ctx.metrics.loginFailures.inc({ reason: 'credentials' });
        return sendError(reply, session.error);
      }
      for (const key of keys) lockout.succeeded(key);
      if ('passwordChange' in session.value) {
        request.log.info({ username: body.value.username }, 'one-time password: change required');
        return reply.code(403).send(session.value);
      }
      return session.value;
    },
  );

  app.post(
    '/api/auth/change-password',
    {
      config: {
        rateLimit: {
          max: limits.perAddressPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => `change:${request.ip}`,
          errorResponseBuilder: (_request, context) => new TooManyAttempts(context.ttl),
        },
      },
    },
    async (request, reply) => {
      const body = parseInput(changePasswordRequestSchema, request.body);
      if (!body.ok) return sendError(reply, body.error);
      const { changeToken, newPassword } = body.value;
      const changed = await unlessBusy(() =>
        changeOneTimePassword(ctx.db, changeToken, newPassword, ctx.now(), ctx.limits.sessionTtlMs, gate),
      );
      if (!changed) return sendHashingBusy(reply);
      if (!changed.ok) {
        request.log.warn({ code: changed.error.code, rule: changed.error.rule }, 'password change refused');
        return sendError(reply, changed.error);
      }
      request.log.info({ username: changed.value.user.username }, 'one-time password replaced; other sessions ended');
      return changed.value;
    },
  );
}

/** `POST /api/auth/logout`: ends the session of the token sent. */
export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/auth/logout', async (request, reply) => {
    const token = bearerToken(request);
    if (token) await logout(ctx.db, token);
    return reply.code(204).send();
  });
}
