import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../shared/errors.js';
import { syncRequestSchema } from '../../shared/protocol/sync.js';
import { type SessionToCheck, SessionUnchecked } from '../auth/session-check.js';
import { bindClientId, writerKey } from '../auth/session-store.js';
import { onPgPool } from '../db/pg-transaction.js';
import { parseInput } from '../http/parse-input.js';
import { sendError } from '../http/send-error.js';
import type { ServerContext } from '../server-context.js';
import { applyPush, PushRefused } from '../sync/apply-push.js';
import { readFeedHead } from '../sync/feed-head.js';
import { parseCursors } from '../sync/parse-cursors.js';
import { beyondHorizon } from '../sync/purge.js';
import { readAhead, readSync, type SyncReadRequest } from '../sync/read-sync.js';
import { checkResolutions, recordResolutions } from '../sync/record-resolutions.js';
import { lookUpSession, sessionOf, sessionToCheck } from './authenticate.js';

/**
 * `POST /api/sync`: validates everything first (nothing is written for a bad request), applies the
 * push batch in one transaction, then reads every collection's changes from one snapshot.
 */
export function syncRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/sync', async (request, reply) => {
    // A session seen before is checked in the sync's first statement (the push's claim, or the read
    // at once of a sync without one); a sync that takes another way looks it up first.
    const check = sessionToCheck(request, ctx.now());
    if (!check) {
      const session = await lookUpSession(request);
      if (!session.ok) return sendError(reply, session.error);
      return handleSync(ctx, request, reply, undefined);
    }
    try {
      return await handleSync(ctx, request, reply, check);
    } catch (error) {
      if (!(error instanceof SessionUnchecked)) throw error;
      // Nothing was written: look the session up and handle the request with what it says now.
      const session = await lookUpSession(request);
      if (!session.ok) return sendError(reply, session.error);
      return handleSync(ctx, request, reply, undefined);
    }
  });
}

/**
 * One sync with the request's session. With `check` (the session went on unchecked) every answer and
 * every write other than those of the statement that checks it throw `SessionUnchecked` instead, so
 * that the session is looked up first.
 */
async function handleSync(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  check: SessionToCheck | undefined,
): Promise<FastifyReply> {
  const user = ctx.userOf(request);
  const refuse = (error: AppError): FastifyReply => {
    if (check) throw new SessionUnchecked();
    return sendError(reply, error);
  };
  const push = (request.body as { push?: unknown } | null)?.push;
  if (Array.isArray(push) && push.length > ctx.limits.maxPushBatch) {
    return refuse({
      code: 'PAYLOAD_TOO_LARGE',
      message: `push has ${push.length} operations; at most ${ctx.limits.maxPushBatch} per request`,
      field: 'push',
    });
  }
  const body = parseInput(syncRequestSchema, request.body);
  if (!body.ok) return refuse(body.error);
  const { cursors, clientId, limit, format, collections, totals } = body.value;
  const unknown = collections?.findIndex((c) => !ctx.graph.byCollection.has(c)) ?? -1;
  if (unknown >= 0) {
    return refuse({
      code: 'BAD_REQUEST',
      message: `collections: unknown collection "${collections?.[unknown]}"`,
      field: `collections.${unknown}`,
    });
  }
  const resolutions = body.value.resolutions ?? [];
  // Resolutions without a push are recorded before the read that would check the session.
  if (check && resolutions.length > 0 && (body.value.push ?? []).length === 0) throw new SessionUnchecked();
  const resolutionsChecked = checkResolutions(ctx.graph, resolutions);
  if (!resolutionsChecked.ok) return refuse(resolutionsChecked.error);
  let positions = parseCursors(ctx.graph, cursors, ctx.epoch, ctx.feed.head);
  if (!positions.ok) {
    // Perhaps only ahead of what this process has seen (another server process wrote): ask the database.
    ctx.feed.observe(await readFeedHead(ctx.db));
    positions = parseCursors(ctx.graph, cursors, ctx.epoch, ctx.feed.head);
  }
  if (!positions.ok) return refuse(positions.error);
  if (clientId) {
    const session = sessionOf(request);
    // A first sync binds its session to the device: never on facts not checked.
    if (check && session.clientId === null) throw new SessionUnchecked();
    const bound = await bindClientId(ctx.db, session, clientId);
    if (!bound.ok) return refuse(bound.error);
  }
  const writer = clientId ? writerKey(user.id, clientId) : undefined;
  const cursorPositions = positions.value;
  const ops = body.value.push ?? [];
  const readRequest: SyncReadRequest = {
    user,
    positions: positions.value,
    sent: cursors,
    ...(writer ? { clientId: writer } : {}),
    limit: Math.min(limit ?? ctx.limits.maxRecordsPerSync, ctx.limits.maxRecordsPerSync),
    format: format ?? 'records',
    ...(collections ? { collections } : {}),
    ...(totals ? { totals } : {}),
  };
  // The read travels with the push's commit when it can (PostgreSQL; resolutions are recorded between).
  const ahead =
    ops.length > 0 && resolutions.length === 0 && onPgPool(ctx.db)
      ? readAhead(ctx, readRequest, new Set(ops.map((op) => op.entity)))
      : undefined;
  let results: Awaited<ReturnType<typeof applyPush>>;
  try {
    results = await applyPush(
      { db: ctx.db, graph: ctx.graph, model: ctx.model, hooks: ctx.hooks, feed: ctx.feed, now: ctx.now },
      {
        user,
        ops,
        clientId: writer ?? null,
        now: ctx.now().toISOString(),
        // A device whose cursors are older than the purge horizon is told to download again before its push
        // is applied: its ops may be ones the server applied and no longer remembers (applied_ops purged).
        admit: (mark) => beyondHorizon(cursorPositions, mark),
        ...(ahead ? { follow: ahead.follow } : {}),
        ...(check ? { session: check } : {}),
      },
    );
  } catch (error) {
    if (error instanceof PushRefused) return sendError(reply, error.error);
    throw error;
  }
  // After the push, so the history lands beside the edits that carried the resolutions.
  const resolved = await recordResolutions(
    { db: ctx.db, graph: ctx.graph, model: ctx.model },
    { user, clientId: clientId ?? null, resolutions },
  );
  // A push's claim checked the session already; without one, the read checks it.
  const read = await readSync(ctx, readRequest, ahead, ops.length === 0 ? check : undefined);
  ctx.metrics.syncReads.inc({ read: read.readIn === 'one-statement' ? 'one_statement' : 'snapshot' });
  if (read.stale) return sendError(reply, read.stale);
  ctx.metrics.sync(results, read.changes.length, (entity) => ctx.graph.byName.has(entity));
  return reply
    .type('application/json; charset=utf-8')
    .send(
      `{"results":${JSON.stringify(results)},"changes":[${read.changes.join(',')}],"cursors":${JSON.stringify(read.cursors)},` +
        `"hasMore":${read.hasMore},"serverTime":${JSON.stringify(ctx.now().toISOString())}` +
        `${read.removals.length > 0 ? `,"removals":${JSON.stringify(read.removals)}` : ''}` +
        `${read.totals ? `,"totals":${JSON.stringify(read.totals)}` : ''}` +
        `${resolutions.length > 0 ? `,"resolutionResults":${JSON.stringify(resolved)}` : ''}}`,
    );
}
