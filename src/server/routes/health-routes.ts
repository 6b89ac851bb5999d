import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

/** How long the readiness probe waits for the database before answering 503. */
const READY_TIMEOUT_MS = 2_000;

/**
 * `GET /api/health`: liveness, unauthenticated, cheap, says little (no versions or counts).
 * `GET /api/ready`: readiness for a load balancer: 200 only when the database answers a query in time.
 */
export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/health', async () => ({ status: 'ok', serverTime: ctx.now().toISOString() }));
  app.get('/api/ready', async (request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ctx.db.execute(sql`SELECT head FROM feed_head`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database did not answer in time')), READY_TIMEOUT_MS);
        }),
      ]);
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready: database');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: { code: 'SERVER', message: 'The database does not answer' } });
    } finally {
      clearTimeout(timer);
    }
  });
}
