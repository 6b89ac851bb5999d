import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';
import { type LocalizedText, text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import { type LoginResponse, loginResponseSchema, passwordChangeRequiredSchema } from '../../shared/protocol/index.js';
import { fileReadError } from '../fs/file-failure.js';
import { httpStatusError, transportError } from './transport-error.js';
import { encodeBody, notifyingTransport, parseJson } from './wire-codec.js';
import { WireMeter } from './wire-meter.js';

export interface ServerConnectionOptions {
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
   * Gzip JSON request bodies at least this long (default 256 bytes; 0 turns it off). Pushes and even
   * the cursors of a no-op sync shrink by half or more, which is what a metered 2G link bills.
   */
  readonly compressRequestsOver?: number;
}

export interface RequestOptions {
  /** Cancels the request in flight (the sync's Cancel, the app quitting). */
  readonly signal?: AbortSignal;
  /** Called once the request is flushed to the socket (lets the engine overlap work with the wait). */
  readonly onSent?: () => void;
  /** Overrides the idle timeout, e.g. a short one for the health probe. */
  readonly idleTimeoutMs?: number;
  /** Gives up after this long in all, however the bytes move (a deadline, as a photo part has). */
  readonly timeoutMs?: number;
}

/** One HTTP exchange with the server (or, for an absolute `url`, the object store it hands out). */
export interface ServerRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  /** A path on the server (`/api/sync`), or an absolute URL (a presigned part of an object store). */
  readonly url: string;
  /** What the request is for, in an officer's words: failures name it (`sync`, `upload part`). */
  readonly what: string;
  /** Sent as JSON (gzipped when worth it). */
  readonly json?: unknown;
  /** Sent as it is, streamed: opened again when a renewed session sends the request a second time. */
  readonly stream?: {
    readonly open: () => Readable;
    readonly length: number;
    /** The file read, in an officer's words ("The library copy of this photo"), should reading it fail. */
    readonly source?: LocalizedText;
    /** Its type (default application/octet-stream): a photo sent whole is declared as what it is. */
    readonly contentType?: string;
  };
  readonly params?: Record<string, string | number>;
  /** Carries the session's bearer token; an expired session is renewed once when credentials are known. */
  readonly auth: boolean;
}

/** The server's answer, whatever its status. */
export interface ServerAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** Requests made and bytes moved on the wire since the connection was created. */
export interface ConnectionStats {
  readonly requests: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly connections: number;
}

/** What a sign-in opens: a session, or only the change of a one-time password. */
export type SignInAnswer =
  | { readonly kind: 'session'; readonly login: LoginResponse }
  | { readonly kind: 'changePassword'; readonly changeToken: string; readonly expiresAt: string };

export type OutcomeListener = (outcome: Result<unknown>) => void;

/**
 * The one road to the sync server, for the sync and the photo uploads alike: one keep-alive axios
 * instance over metered sockets (connect and idle timeouts, compression), the session (bearer token,
 * renewed by logging in again when credentials are known), one mapping of every failure to an
 * `AppError`, and every request's outcome told to its listeners (the reachability service). Nothing
 * throws: transport failures and refusals come back as error values.
 */
export class ServerConnection {
  private readonly http: AxiosInstance;
  private readonly meter: WireMeter;
  private readonly origin: string;
  private readonly listeners = new Set<OutcomeListener>();
  private requestCount = 0;
  private token: string | undefined;

  constructor(private readonly options: ServerConnectionOptions) {
    this.meter = new WireMeter({ connectTimeoutMs: options.connectTimeoutMs ?? 10_000, keepAliveMs: 60_000 });
    this.token = options.token;
    const baseURL = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(baseURL).origin;
    this.http = axios.create({
      baseURL,
      httpAgent: this.meter.httpAgent,
      httpsAgent: this.meter.httpsAgent,
      // Proxies from the environment are not for a district office's direct link to its server.
      proxy: false,
      decompress: true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxContentLength: 256 * 1024 * 1024,
      maxBodyLength: Number.POSITIVE_INFINITY,
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

  /** Hears the outcome of every request to the server (transport failure, or any HTTP answer). */
  subscribe(listener: OutcomeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `POST /api/auth/login`; keeps the token for later calls. A one-time password is an error here. */
  async login(username: string, password: string, opts: RequestOptions = {}): Promise<Result<LoginResponse>> {
    const answer = await this.signIn(username, password, opts);
    if (!answer.ok) return answer;
    if (answer.value.kind === 'session') return ok(answer.value.login);
    return err(officerError('PASSWORD_CHANGE_REQUIRED', text('errors:code.PASSWORD_CHANGE_REQUIRED')));
  }

  /**
   * `POST /api/auth/login`: a session (its token kept for later calls), or, for a one-time password,
   * the change token `changePassword` needs (never kept here: it is not a session).
   */
  async signIn(username: string, password: string, opts: RequestOptions = {}): Promise<Result<SignInAnswer>> {
    const request = { method: 'POST', url: '/api/auth/login', what: 'sign in', json: { username, password } } as const;
    const answer = await this.send({ ...request, auth: false }, opts);
    if (!answer.ok) return answer;
    if (answer.value.status === 403) {
      const json = parseJson(answer.value.body);
      const challenge = json.ok ? passwordChangeRequiredSchema.safeParse(json.value) : undefined;
      if (challenge?.success) return ok({ kind: 'changePassword', ...challenge.data.passwordChange });
    }
    const res = parseAnswer(answer.value, loginResponseSchema, request.what);
    if (!res.ok) return res;
    this.token = res.value.token;
    return ok({ kind: 'session', login: res.value });
  }

  /**
   * `POST /api/auth/change-password`: replaces a one-time password with the officer's own, spending the
   * change token `signIn` answered; the session of the new password is kept for later calls.
   */
  async changePassword(
    changeToken: string,
    newPassword: string,
    opts: RequestOptions = {},
  ): Promise<Result<LoginResponse>> {
    const res = await this.json(
      {
        method: 'POST',
        url: '/api/auth/change-password',
        what: 'change password',
        json: { changeToken, newPassword },
        auth: false,
      },
      loginResponseSchema,
      opts,
    );
    if (res.ok) this.token = res.value.token;
    return res;
  }

  /** Sends a request and expects a 2xx JSON answer of `schema`'s shape. */
  async json<S extends z.ZodType>(
    request: ServerRequest,
    schema: S,
    opts: RequestOptions = {},
  ): Promise<Result<z.infer<S>>> {
    const answer = await this.send(request, opts);
    if (!answer.ok) return answer;
    return parseAnswer(answer.value, schema, request.what);
  }

  /**
   * Sends a request; any HTTP status is an answer (the caller decides what a 404 means), a transport
   * failure is an error. A request with `auth` opens the session first when there is none, and renews
   * it once when the server says it expired, if credentials are known.
   */
  async send(request: ServerRequest, opts: RequestOptions = {}): Promise<Result<ServerAnswer>> {
    const creds = this.options.credentials;
    if (request.auth && !this.token && creds) {
      const login = await this.login(creds.username, creds.password, opts);
      if (!login.ok) return login;
    }
    const first = await this.exchange(request, opts);
    if (!request.auth || !creds || !first.ok || first.value.status !== 401) return first;
    const login = await this.login(creds.username, creds.password, opts);
    return login.ok ? this.exchange(request, opts) : login;
  }

  stats(): ConnectionStats {
    return { requests: this.requestCount, ...this.meter.stats() };
  }

  /** Closes idle keep-alive connections, which a sleep or a network change leaves dead (see `WireMeter.dropIdle`). */
  dropIdleConnections(): void {
    this.meter.dropIdle();
  }

  /** Closes pooled keep-alive connections. */
  close(): void {
    this.meter.destroy();
  }

  private async exchange(request: ServerRequest, opts: RequestOptions): Promise<Result<ServerAnswer>> {
    this.requestCount++;
    const result = await this.transfer(request, opts);
    // Only the server's own answers say whether it is reachable (an object store may live elsewhere).
    if (new URL(request.url, `${this.origin}/`).origin === this.origin) {
      for (const listener of this.listeners) listener(result);
    }
    return result;
  }

  private async transfer(request: ServerRequest, opts: RequestOptions): Promise<Result<ServerAnswer>> {
    const json = encodeBody(request.json, this.options.compressRequestsOver ?? 256);
    const deadline = opts.timeoutMs === undefined ? undefined : AbortSignal.timeout(opts.timeoutMs);
    const signals = [opts.signal, deadline].filter((s): s is AbortSignal => s !== undefined);
    const stream = request.stream?.open();
    // A body that fails to read (a file another program holds, a file gone) is the file's fault, not the network's.
    let readFailure: unknown;
    stream?.once('error', (error) => {
      readFailure = error;
    });
    let response: AxiosResponse<string>;
    try {
      response = await this.http.request<string>({
        method: request.method,
        url: request.url,
        params: request.params,
        data: stream ?? json?.data,
        headers: {
          ...json?.headers,
          ...(request.stream
            ? {
                'Content-Type': request.stream.contentType ?? 'application/octet-stream',
                'Content-Length': String(request.stream.length),
              }
            : {}),
          ...(request.auth && this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        },
        timeout: opts.idleTimeoutMs ?? this.options.idleTimeoutMs ?? 30_000,
        signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
        transport: notifyingTransport(opts.onSent),
      });
    } catch (error) {
      if (deadline?.aborted && !opts.signal?.aborted) return err(deadlineError(request.what, opts.timeoutMs));
      if (readFailure !== undefined && !opts.signal?.aborted)
        return err(fileReadError(readFailure, { text: request.stream?.source ?? text('errors:file.toSend') }));
      return err(transportError(error, request.what));
    } finally {
      stream?.destroy();
    }
    return ok({ status: response.status, headers: headersOf(response), body: response.data ?? '' });
  }
}

/** A 2xx answer parsed and checked against `schema`, or the `AppError` its status or body calls for. */
export function parseAnswer<S extends z.ZodType>(answer: ServerAnswer, schema: S, what: string): Result<z.infer<S>> {
  const json = parseJson(answer.body);
  if (answer.status < 200 || answer.status >= 300) return err(refusal(answer, what));
  if (!json.ok) return err(malformed(what, json.error));
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(malformed(what, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`));
  }
  return ok(parsed.data as z.infer<S>);
}

/** The `AppError` of a non-2xx answer (the server's own `{ error }` when it is well-formed). */
export function refusal(answer: ServerAnswer, what: string): AppError {
  const json = parseJson(answer.body);
  return httpStatusError(answer.status, json.ok ? json.value : answer.body, what);
}

export function malformed(what: string, detail: string): AppError {
  return { code: 'SERVER', message: `The server sent an answer the app could not understand (${what}).`, detail };
}

function deadlineError(what: string, ms: number | undefined): AppError {
  return { code: 'TIMEOUT', message: `The server stopped answering (${what}).`, detail: `no answer within ${ms} ms` };
}

function headersOf(response: AxiosResponse): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value == null ? undefined : String(value);
  }
  return headers;
}
