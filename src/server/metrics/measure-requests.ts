import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from './server-metrics.js';

/**
 * Times every request and counts its response bytes under its route pattern (`/api/:collection`,
 * never the raw URL: one label per route, however many ids are asked for). A request no route matched
 * is `unmatched`.
 */
export function measureRequests(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onSend', async (request, _reply, payload) => {
    const bytes =
      typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : 0;
    if (bytes > 0) metrics.responseBytes.inc({ route: routeOf(request.routeOptions.url) }, bytes);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestSeconds.observe(
      { method: request.method, route: routeOf(request.routeOptions.url), status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}

function routeOf(pattern: string | undefined): string {
  return pattern ?? 'unmatched';
}
