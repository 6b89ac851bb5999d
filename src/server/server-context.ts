import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityGraph } from '../shared/entity/entity-graph.js';
import type { SessionUser } from '../shared/protocol/auth.js';
import type { ServerDatabase, ServerDb } from './db/server-database.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import type { RecordAccess } from './scope/record-access.js';
import type { ScopeModel } from './scope/scope-model.js';
import type { ServerLimits } from './server-limits.js';
import type { FeedState } from './sync/feed-head.js';
import type { WriteHooks } from './sync/write-transaction.js';

/** What routes and plugins get from the server. */
export interface ServerContext {
  readonly database: ServerDatabase;
  readonly db: ServerDb;
  readonly graph: EntityGraph;
  readonly model: ScopeModel;
  readonly limits: ServerLimits;
  /** The database's epoch (baked into cursors). */
  readonly epoch: string;
  /** The highest feed head seen (validates cursors without a query). */
  readonly feed: FeedState;
  /** The server clock (injectable so tests can move it). */
  readonly now: () => Date;
  readonly hooks: WriteHooks;
  readonly access: RecordAccess;
  /** Counters and gauges `/metrics` exposes (plugins register theirs on its registry). */
  readonly metrics: ServerMetrics;
  /** The signed-in user; only valid inside the authenticated scope (throws elsewhere: a bug). */
  userOf(request: FastifyRequest): SessionUser;
}

/**
 * A feature mounted on the server (e.g. photos). `authenticated` routes sit behind the bearer-token
 * check; `public` ones do not. `openapi` paths and schemas are merged into `/api/openapi.json`.
 */
export interface ServerPlugin {
  readonly name: string;
  authenticated?(app: FastifyInstance, ctx: ServerContext): Promise<void> | void;
  public?(app: FastifyInstance, ctx: ServerContext): Promise<void> | void;
  readonly openapi?: {
    readonly paths: Record<string, unknown>;
    readonly schemas?: Record<string, unknown>;
  };
  /** Called when the server closes (release blob stores, timers). */
  close?(): Promise<void> | void;
}
