import fastifyCompress from '@fastify/compress';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { EntityGraph } from '../shared/entity/entity-graph.js';
import { entityGraph } from '../shared/entity-graph.js';
import type { ServerDatabase } from './db/server-database.js';
import { clientErrorHandler, installErrorHandlers, refuseLongUrls } from './http/error-handler.js';
import { echoRequestId, requestIdOf } from './http/request-id.js';
import { measureRequests } from './metrics/measure-requests.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes, publicAuthRoutes } from './routes/auth-routes.js';
import { requireSession, userOf } from './routes/authenticate.js';
import { collectionRoutes } from './routes/collection-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { createRecordAccess } from './scope/record-access.js';
import { createScopeModel } from './scope/scope-model.js';
import type { ServerContext, ServerPlugin } from './server-context.js';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits.js';
import { ensureFeedHead, FeedState } from './sync/feed-head.js';
import type { WriteHooks } from './sync/write-transaction.js';

export interface ServerAppOptions {
  /** An open, migrated database (see `openServerDatabase`). The app does not close it. */
  readonly database: ServerDatabase;
  readonly graph?: EntityGraph;
  readonly limits?: Partial<ServerLimits>;
  /** Server clock; tests move it to prove nothing depends on it. */
  readonly now?: () => Date;
  readonly hooks?: WriteHooks;
  /** Features mounted beside the core API (photos: routes, blob store). */
  readonly plugins?: readonly ServerPlugin[];
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * A TLS reverse proxy in front: the client's address (what sign-in limits count per address) comes
   * from X-Forwarded-For, and the scheme from X-Forwarded-Proto.
   */
  readonly trustProxy?: boolean;
  /** The metrics `/metrics` exposes (a fresh registry when not given). */
  readonly metrics?: ServerMetrics;
  /**
   * Bearer token `/metrics` asks for; without one, `/metrics` answers only requests from this computer
   * (a Prometheus on the same host, or an SSH tunnel).
   */
  readonly metricsToken?: string;
}

/** Responses smaller than this are sent as they are (compression headers would cost more than they save). */
const COMPRESS_THRESHOLD = 512;

/**
 * Builds the sync server: public routes (health, login, OpenAPI) and, behind the bearer-token check,
 * the sync, collection and plugin routes. Call `listen` on the result, or `inject` in tests.
 */
export async function createServerApp(options: ServerAppOptions): Promise<FastifyInstance> {
  const graph = options.graph ?? entityGraph;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const model = createScopeModel(graph);
  const db = options.database.db;
  const ctx: ServerContext = {
    database: options.database,
    db,
    graph,
    model,
    limits,
    epoch: await ensureFeedHead(db),
    feed: new FeedState(),
    now: options.now ?? (() => new Date()),
    hooks: options.hooks ?? {},
    access: createRecordAccess(db, graph, model),
    userOf,
    metrics: options.metrics ?? new ServerMetrics(),
  };
  const plugins = options.plugins ?? [];
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.maxBodyBytes,
    clientErrorHandler,
    trustProxy: options.trustProxy ?? false,
    // Our own request ids (a caller's well-formed X-Request-Id is kept): each log line carries it.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  echoRequestId(app);
  // Before compression registers its hooks: response bytes are counted as the handler produced them.
  measureRequests(app, ctx.metrics);
  installErrorHandlers(app, limits.maxBodyBytes);
  refuseLongUrls(app);
  // Answers up to 64 KiB (an everyday sync's) are compressed in one call on this thread: through a stream
  // and the thread pool the plugin's default takes above 8 KiB on 2 cores, the hand-offs cost more than
  // the compression of a few dozen records (bench:server, 50 clients: ~1.06× syncs/s).
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESS_THRESHOLD,
    syncThreshold: 65_536,
  });

  const openapi = JSON.stringify(buildOpenApiDocument(graph, limits, plugins));
  app.get('/api/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(openapi));
  healthRoutes(app, ctx);
  metricsRoutes(app, ctx, options.metricsToken);
  await publicAuthRoutes(app, ctx);
  for (const plugin of plugins) await plugin.public?.(app, ctx);

  await app.register(async (scope) => {
    requireSession(scope, db, ctx.now);
    authRoutes(scope, ctx);
    syncRoutes(scope, ctx);
    adminRoutes(scope, ctx);
    for (const plugin of plugins) await plugin.authenticated?.(scope, ctx);
    // Last: the parametric collection routes must not shadow a plugin's static paths.
    collectionRoutes(scope, ctx);
  });
  app.addHook('onClose', async () => {
    for (const plugin of plugins) await plugin.close?.();
  });
  return app;
}
