import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { AppEventListener, Unsubscribe } from '../../shared/ipc/events.js';
import { WS_TOKEN_PARAM, type WsServerMessage, wsCallSchema } from '../../shared/ipc/ws-messages.js';
import { createLogger } from '../log.js';
import type { Dispatch } from './create-dispatcher.js';
import { DOWNLOAD_PATH, type DownloadShelf } from './download-shelf.js';

const log = createLogger('ws-transport');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1']);
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface WsTransportOptions {
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: AppEventListener) => Unsubscribe;
  /** Loopback only; anything else throws (this transport is for development and tests). */
  readonly host?: string;
  /** `0` picks a free port. */
  readonly port?: number;
  /** Defaults to 32 random bytes. */
  readonly token?: string;
  /** Page origins allowed to connect (e.g. the Vite preview server); any origin when absent. */
  readonly allowedOrigins?: readonly string[];
  /** Saved files the page downloads over this transport's HTTP server (see `download-shelf.ts`). */
  readonly downloads?: DownloadShelf;
}

export interface WsTransport {
  /** `ws://127.0.0.1:<port>/` */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Carries the IPC contract over a local WebSocket so the renderer can run in a plain browser
 * (e2e in Chromium, `npm run dev:web`). Bound to loopback and guarded by a random per-run token,
 * compared in constant time, on the upgrade request.
 */
export async function startWsTransport(options: WsTransportOptions): Promise<WsTransport> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`The IPC WebSocket binds to loopback only, not ${host}`);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);

  const http = createServer((req, res) => {
    if (options.downloads && req.method === 'GET' && req.url?.startsWith(DOWNLOAD_PATH)) {
      serveDownload(req, res, options.downloads);
      return;
    }
    res.writeHead(426).end('WebSocket only');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuse(req, expected, options.allowedOrigins);
    if (refusal) {
      log.warn(`Refused a WebSocket connection: ${refusal}`);
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req.headers.origin ?? 'websocket://local', options));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `ws://${authority}/`;
  options.downloads?.bind(`http://${authority}`);
  log.info(`IPC WebSocket listening on ${url}`);

  return {
    url,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Sends a file off the shelf once, as an attachment; loopback callers only, unknown ids get 404. */
function serveDownload(req: IncomingMessage, res: ServerResponse, shelf: DownloadShelf): void {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) {
    res.writeHead(403).end();
    return;
  }
  const id = decodeURIComponent((req.url ?? '').slice(DOWNLOAD_PATH.length).split('?')[0] ?? '');
  const file = /^[A-Za-z0-9_-]{32}$/.test(id) ? shelf.take(id) : undefined;
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No such download (each is served once)');
    return;
  }
  const stream = createReadStream(file.path);
  stream.once('error', (error) => {
    log.warn(`Could not serve the download ${file.name}: ${error.message}`);
    if (!res.headersSent) res.writeHead(404).end();
    else res.destroy(error);
  });
  stream.once('open', () => {
    res.writeHead(200, {
      'content-type': contentTypeOf(file.name),
      // RFC 6266: a plain ASCII fallback and the real name in UTF-8.
      'content-disposition': `attachment; filename="${file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    stream.pipe(res);
  });
}

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json',
};

function contentTypeOf(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

function refuse(req: IncomingMessage, expected: Buffer, allowedOrigins?: readonly string[]): string | null {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return '403 Forbidden';
  const given = Buffer.from(new URL(req.url ?? '/', 'ws://localhost').searchParams.get(WS_TOKEN_PARAM) ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  const origin = req.headers.origin;
  if (allowedOrigins && (!origin || !allowedOrigins.includes(origin))) return '403 Forbidden';
  return null;
}

function serve(ws: WebSocket, origin: string, options: WsTransportOptions): void {
  const send = (message: WsServerMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = options.subscribe((event) => send({ event }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let call: ReturnType<typeof wsCallSchema.parse>;
    try {
      call = wsCallSchema.parse(JSON.parse(String(data)));
    } catch {
      ws.close(1003, 'Malformed message');
      return;
    }
    // The connection passed the token check, so the page on it is ours; it has no frames to tell apart.
    const result = await options.dispatch(
      call.channel,
      { transport: 'websocket', frameUrl: origin, isMainFrame: true },
      call.args,
    );
    send({ id: call.id, result });
  });
}
