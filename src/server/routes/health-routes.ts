import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

/** `GET /api/health`: unauthenticated, cheap, says little (no versions or counts). */
export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/health', async () => ({ status: 'ok', serverTime: ctx.now().toISOString() }));
}
