import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isLoopback } from '../config/startup-checks.js';
import { sendError } from '../http/send-error.js';
import type { ServerContext } from '../server-context.js';

/**
 * `GET /metrics` in Prometheus' text format. With a token, only `Authorization: Bearer <token>` may
 * read it; without one, only a caller on this computer (behind a TLS proxy, the forwarded address
 * counts): counts of users, records and failures are not for the whole network.
 */
export function metricsRoutes(app: FastifyInstance, ctx: ServerContext, token: string | undefined): void {
  app.get('/metrics', async (request, reply) => {
    const allowed = token ? bearerIs(request.headers.authorization, token) : isLoopback(request.ip);
    if (!allowed) {
      return sendError(reply, {
        code: token ? 'UNAUTHORIZED' : 'FORBIDDEN',
        message: token
          ? 'metrics need the metrics token'
          : 'metrics are served to this computer only (or set a metrics token)',
      });
    }
    ctx.metrics.feedHead.set(ctx.feed.head);
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.text());
  });
}

function bearerIs(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
