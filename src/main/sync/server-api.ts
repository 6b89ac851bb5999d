import { z } from 'zod';
import { err, ok, type Result } from '../../shared/errors.js';
import {
  type CollectionPage,
  collectionPageSchema,
  columnarChangesSchema,
  type LoginResponse,
  type RecordChanges,
  recordsFromColumns,
  type SyncRequest,
  type SyncResponse,
  syncResponseSchema,
} from '../../shared/protocol/index.js';
import {
  type ConnectionStats,
  malformed,
  type RequestOptions,
  ServerConnection,
  type ServerConnectionOptions,
  type SignInAnswer,
} from './server-connection.js';

export type { RequestOptions } from './server-connection.js';

/**
 * The sync protocol's calls (`/api/auth/login`, `/api/sync`, the collection reads, the health probe) over
 * a `ServerConnection`: every answer is validated against the protocol schemas, so a malformed or
 * truncated response is a `SERVER`/`NETWORK` error, not a crash. Pass the connection the photo uploads
 * share, or options for one of its own (the CLIs and tests).
 */
export class ServerApi {
  readonly connection: ServerConnection;

  constructor(connection: ServerConnection | ServerConnectionOptions) {
    this.connection = connection instanceof ServerConnection ? connection : new ServerConnection(connection);
  }

  /** The session token in use, if any. */
  get sessionToken(): string | undefined {
    return this.connection.sessionToken;
  }

  setToken(token: string | undefined): void {
    this.connection.setToken(token);
  }

  /** `POST /api/auth/login`: a session, or for a one-time password the change token (`changePassword`). */
  signIn(username: string, password: string, opts: RequestOptions = {}): Promise<Result<SignInAnswer>> {
    return this.connection.signIn(username, password, opts);
  }

  /** `POST /api/auth/change-password`: the officer's own password replaces a one-time one; a session. */
  changePassword(changeToken: string, newPassword: string, opts: RequestOptions = {}): Promise<Result<LoginResponse>> {
    return this.connection.changePassword(changeToken, newPassword, opts);
  }

  /** `POST /api/auth/login`; keeps the token for later calls. */
  login(username: string, password: string, opts: RequestOptions = {}): Promise<Result<LoginResponse>> {
    return this.connection.login(username, password, opts);
  }

  /**
   * `POST /api/sync`: pushes a batch and pulls a page of changes in one request. Changes travel in the
   * columnar format (18 % fewer bytes on a first sync) and come back as record objects.
   */
  async sync(request: SyncRequest, opts: RequestOptions = {}): Promise<Result<SyncResponse>> {
    const json: SyncRequest = { ...request, format: 'columns' };
    const res = await this.connection.json(
      { method: 'POST', url: '/api/sync', what: 'sync', json, auth: true },
      syncEnvelopeSchema,
      opts,
    );
    if (!res.ok) return res;
    const changes: RecordChanges[] = [];
    for (const group of res.value.changes) {
      // A server that predates the columnar format answers with record objects: take those as they are.
      if ('items' in group) {
        changes.push(group as RecordChanges);
        continue;
      }
      const records = recordsFromColumns(group);
      if (!records.ok) return err(malformed('sync', records.error));
      changes.push({ collection: group.collection, items: records.value });
    }
    return ok({ ...(res.value as Omit<SyncResponse, 'changes'>), changes });
  }

  /** `GET /api/<collection>?updatedAfter=&limit=`: the seed-compatible delta read of one collection. */
  pullCollection(
    collection: string,
    query: { readonly updatedAfter?: string | null; readonly limit?: number },
    opts: RequestOptions = {},
  ): Promise<Result<CollectionPage>> {
    const params: Record<string, string | number> = {};
    if (query.updatedAfter) params.updatedAfter = query.updatedAfter;
    if (query.limit) params.limit = query.limit;
    const url = `/api/${encodeURIComponent(collection)}`;
    return this.connection.json(
      { method: 'GET', url, what: collection, params, auth: true },
      collectionPageSchema,
      opts,
    ) as Promise<Result<CollectionPage>>;
  }

  /** `GET /api/health`: a cheap reachability probe (no auth). */
  async health(opts: RequestOptions = {}): Promise<Result<void>> {
    const res = await this.connection.json(
      { method: 'GET', url: '/api/health', what: 'health check', auth: false },
      z.unknown(),
      opts,
    );
    return res.ok ? ok(undefined) : res;
  }

  stats(): ConnectionStats {
    return this.connection.stats();
  }

  /** Closes pooled keep-alive connections. */
  close(): void {
    this.connection.close();
  }
}

/**
 * The sync response with its records left as they came: the store checks every record against the
 * entity declarations (metadata and fields) as it applies it, so running the protocol's per-record
 * schema here as well would only double the cost of a first sync (and copy every record).
 */
const syncEnvelopeSchema = syncResponseSchema.extend({
  changes: z.array(z.union([columnarChangesSchema, z.object({ collection: z.string(), items: z.array(z.unknown()) })])),
});
