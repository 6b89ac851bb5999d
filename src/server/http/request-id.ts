import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** What a caller's (or a proxy's) request id may look like before we log it as ours. */
const CALLER_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * The request's id in every log line and in the `X-Request-Id` answer header: the one a proxy or the
 * app sent when it is well-formed (so a support person can follow one request through both logs),
 * else a new UUID. Anything else (too long, control characters) is not echoed into the logs.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
}

/** Every answer says which request it was (the id the log lines carry). */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
