import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';
import {
  type CollectionPage,
  collectionPageSchema,
  columnarChangesSchema,
  type LoginResponse,
  loginResponseSchema,
  type RecordChanges,
  recordsFromColumns,
  type SyncRequest,
  type SyncResponse,
  syncResponseSchema,
} from '../../shared/protocol/index.js';
import { httpStatusError, transportError } from './transport-error.js';
import { encodeBody, notifyingTransport, parseJson } from './wire-codec.js';
import { WireMeter } from './wire-meter.js';

export interface ServerApiOptions {
  /** e.g. `http://127.0.0.1:8787` (no trailing `/api`). */
  readonly baseUrl: string;
  /** Give up on a TCP connect after this long. */
  readonly connectTimeoutMs?: number;
  /** Give up when no byte moved for this long (a stalled link), however long the transfer. */
  readonly idleTimeoutMs?: number;
  readonly token?: string;
  /** When given, a missing or expired session is renewed by logging in again (once per call). */
  readonly credentials?: { readonly username: string; readonly password: string };
  /**
   * Gzip request bodies at least this long (default 256 bytes; 0 turns it off). Pushes and even the
   * cursors of a no-op sync shrink by half or more, which is what a metered 2G link bills.
   */
  readonly compressRequestsOver?: number;
  /** Told about every request's outcome: the network service uses it as reachability evidence. */
  readonly onOutcome?: (outcome: Result<unknown>) => void;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Called once the request is flushed to the socket (lets the engine overlap work with the wait). */
  readonly onSent?: () => void;
  /** Overrides the idle timeout, e.g. a short one for the health probe. */
  readonly idleTimeoutMs?: number;
}

/** Requests made and bytes moved on the wire since the client was created. */
export interface ApiStats {
  readonly requests: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly connections: number;
}

interface Call<S extends z.ZodType> {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly what: string;
  readonly body?: unknown;
  readonly params?: Record<string, string | number>;
  readonly schema: S;
  readonly auth: boolean;
}

/**
 * The HTTP client of the sync server: keep-alive, compression, connect and idle timeouts, Bearer
 * auth. Every failure comes back as an `AppError` value and every answer is validated against the
 * protocol schemas, so a malformed or truncated response is a `SERVER`/`NETWORK` error, not a crash.
 */
export class ServerApi {
  private readonly http: AxiosInstance;
  private readonly meter: WireMeter;
  private requestCount = 0;
  private token: string | undefined;

  constructor(private readonly options: ServerApiOptions) {
    this.meter = new WireMeter({ connectTimeoutMs: options.connectTimeoutMs ?? 10_000, keepAliveMs: 60_000 });
    this.token = options.token;
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      httpAgent: this.meter.httpAgent,
      httpsAgent: this.meter.httpsAgent,
      // Proxies from the environment are not for a district office's direct link to its server.
      proxy: false,
      decompress: true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxContentLength: 256 * 1024 * 1024,
      maxRedirects: 0,
      // Every header byte counts on 2G: send only what the server needs.
      headers: { Accept: 'application/json', 'Accept-Encoding': 'gzip, br', 'User-Agent': 'fieldsync' },
    });
  }

  /** The session token in use, if any. */
  get sessionToken(): string | undefined {
    return this.token;
  }

  setToken(token: string | undefined): void {
    this.token = token;
  }

  /** `POST /api/auth/login`; keeps the token for later calls. */
  async login(username: string, password: string, opts: RequestOptions = {}): Promise<Result<LoginResponse>> {
    const res = await this.call(
      {
        method: 'POST',
        path: '/api/auth/login',
        what: 'sign in',
        body: { username, password },
        schema: loginResponseSchema,
        auth: false,
      },
      opts,
    );
    if (res.ok) this.token = res.value.token;
    return res;
  }

  /**
   * `POST /api/sync`: pushes a batch and pulls a page of changes in one request. Changes travel in the
   * columnar format (18 % fewer bytes on a first sync) and come back as record objects.
   */
  async sync(request: SyncRequest, opts: RequestOptions = {}): Promise<Result<SyncResponse>> {
    const body: SyncRequest = { ...request, format: 'columns' };
    const res = await this.authed(
      { method: 'POST', path: '/api/sync', what: 'sync', body, schema: syncEnvelopeSchema, auth: true },
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
    const path = `/api/${encodeURIComponent(collection)}`;
    return this.authed(
      { method: 'GET', path, what: collection, params, schema: collectionPageSchema, auth: true },
      opts,
    ) as Promise<Result<CollectionPage>>;
  }

  /** `GET /api/health`: a cheap reachability probe (no auth). */
  async health(opts: RequestOptions = {}): Promise<Result<void>> {
    const res = await this.call(
      { method: 'GET', path: '/api/health', what: 'health check', schema: z.unknown(), auth: false },
      opts,
    );
    return res.ok ? ok(undefined) : res;
  }

  stats(): ApiStats {
    return { requests: this.requestCount, ...this.meter.stats() };
  }

  /** Closes pooled keep-alive connections. */
  close(): void {
    this.meter.destroy();
  }

  /** A call that renews an expired session once when credentials are known. */
  private async authed<S extends z.ZodType>(call: Call<S>, opts: RequestOptions): Promise<Result<z.infer<S>>> {
    const creds = this.options.credentials;
    if (!this.token && creds) {
      const login = await this.login(creds.username, creds.password, opts);
      if (!login.ok) return login;
    }
    const first = await this.call(call, opts);
    if (first.ok || first.error.code !== 'UNAUTHORIZED' || !creds) return first;
    const login = await this.login(creds.username, creds.password, opts);
    return login.ok ? this.call(call, opts) : login;
  }

  private async call<S extends z.ZodType>(call: Call<S>, opts: RequestOptions): Promise<Result<z.infer<S>>> {
    this.requestCount++;
    const result = await this.send(call, opts);
    this.options.onOutcome?.(result);
    return result;
  }

  private async send<S extends z.ZodType>(call: Call<S>, opts: RequestOptions): Promise<Result<z.infer<S>>> {
    let response: AxiosResponse<string>;
    const body = encodeBody(call.body, this.options.compressRequestsOver ?? 256);
    try {
      response = await this.http.request<string>({
        method: call.method,
        url: call.path,
        params: call.params,
        data: body?.data,
        headers: {
          ...body?.headers,
          ...(call.auth && this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        },
        timeout: opts.idleTimeoutMs ?? this.options.idleTimeoutMs ?? 30_000,
        signal: opts.signal,
        transport: notifyingTransport(opts.onSent),
      });
    } catch (error) {
      return err(transportError(error, call.what));
    }
    const json = parseJson(response.data);
    if (response.status < 200 || response.status >= 300) {
      return err(httpStatusError(response.status, json.ok ? json.value : response.data, call.what));
    }
    if (!json.ok) return err(malformed(call.what, json.error));
    const parsed = call.schema.safeParse(json.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err(malformed(call.what, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`));
    }
    return ok(parsed.data as z.infer<S>);
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

function malformed(what: string, detail: string): AppError {
  return { code: 'SERVER', message: `The server sent an answer the app could not understand (${what}).`, detail };
}
