import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { uuidSchema } from '../../shared/entity/validation.js';
import { parseInput } from '../http/parse-input.js';
import { sendError } from '../http/send-error.js';
import type { ServerContext } from '../server-context.js';
import { encodeCursor, parseUpdatedAfter } from '../sync/cursor.js';
import { readFeedHead } from '../sync/feed-head.js';
import { beyondHorizon, readPurgeMark } from '../sync/purge.js';
import { readChanges } from '../sync/read-changes.js';
import { readSnapshot } from '../sync/read-snapshot.js';

/**
 * Seed-compatible delta reads: `GET /api/<collection>?updatedAfter=<cursor | ISO time>&limit=<n>`, and
 * `GET /api/<collection>/<id>` for one record. Both answer only what the user may see.
 */
export function collectionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const querySchema = z.strictObject({
    updatedAfter: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(ctx.limits.maxPageLimit).optional(),
  });

  app.get('/api/:collection', async (request, reply) => {
    const { collection } = request.params as { collection: string };
    const def = ctx.graph.resolveCollection(collection);
    if (!def.ok) return sendError(reply, def.error);
    const query = parseInput(querySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const user = ctx.userOf(request);
    const page = await readSnapshot(ctx.database, async (tx) => {
      const head = await readFeedHead(tx);
      ctx.feed.observe(head);
      const position = parseUpdatedAfter(query.value.updatedAfter, ctx.epoch, head, 'updatedAfter');
      if (!position.ok) return position;
      const stale = beyondHorizon(new Map([['updatedAfter', position.value]]), await readPurgeMark(tx), '');
      if (stale) return { ok: false as const, error: stale };
      const limit = query.value.limit ?? ctx.limits.defaultPageLimit;
      const read = await readChanges(tx, ctx.model, { def: def.value, user, position: position.value, limit });
      const next = read.hasMore ? (read.lastSeq ?? position.value.seq) : head;
      return { ok: true as const, value: { ...read, nextCursor: encodeCursor(next, ctx.epoch) } };
    });
    if (!page.ok) return sendError(reply, page.error);
    return reply
      .type('application/json; charset=utf-8')
      .send(
        `{"items":[${page.value.items.join(',')}],"nextCursor":${JSON.stringify(page.value.nextCursor)},"hasMore":${page.value.hasMore}}`,
      );
  });

  app.get('/api/:collection/:id', async (request, reply) => {
    const { collection, id } = request.params as { collection: string; id: string };
    const def = ctx.graph.resolveCollection(collection);
    if (!def.ok) return sendError(reply, def.error);
    if (!uuidSchema.safeParse(id).success) {
      return sendError(reply, { code: 'BAD_REQUEST', message: `id "${id.slice(0, 40)}" is not a UUID`, field: 'id' });
    }
    const record = await ctx.access.read(ctx.userOf(request), def.value.name, id);
    return record.ok ? record.value : sendError(reply, record.error);
  });
}
