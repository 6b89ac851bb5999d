import type { Result } from '../errors.js';
import { buildApi, type FieldsyncApi } from './api.js';
import type { AppEventListener } from './events.js';
import { WS_TOKEN_PARAM, type WsServerMessage } from './ws-messages.js';

/** The part of the WebSocket API both the browser and the `ws` package provide. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WsClient {
  readonly api: FieldsyncApi;
  /** Resolves once the socket is open; rejects if the server refused it (wrong token, not loopback). */
  readonly ready: Promise<void>;
  close(): void;
}

const OPEN = 1;

/**
 * The same typed API as the preload, over the development/e2e WebSocket transport.
 * `createSocket` is the browser's `WebSocket` in the page and `ws` in Node tests.
 */
export function connectWsClient(url: string, token: string, createSocket: (url: string) => WebSocketLike): WsClient {
  const target = new URL(url);
  target.searchParams.set(WS_TOKEN_PARAM, token);
  const socket = createSocket(target.toString());
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<AppEventListener>();
  let nextId = 1;
  let closed = false;

  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error(`Could not connect to ${url}`)));
  });
  socket.addEventListener('close', () => {
    closed = true;
    const error = { code: 'NETWORK', message: 'The connection to Fieldsync was closed' } as const;
    for (const settle of pending.values()) settle({ ok: false, error });
    pending.clear();
  });
  socket.addEventListener('message', ({ data }) => {
    const message = JSON.parse(String(data)) as WsServerMessage;
    if ('event' in message) for (const listener of listeners) listener(message.event);
    else {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    }
  });

  const invoke = async (channel: string, args: unknown): Promise<Result<unknown>> => {
    if (socket.readyState !== OPEN) await ready;
    if (closed) return { ok: false, error: { code: 'NETWORK', message: 'The connection to Fieldsync was closed' } };
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, args }));
    });
  };

  const api = buildApi(invoke as Parameters<typeof buildApi>[0], (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  });
  return { api, ready, close: () => socket.close() };
}
