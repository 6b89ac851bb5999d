import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatcher } from '../../src/main/ipc/create-dispatcher.js';
import { createDownloadShelf, type DownloadShelf } from '../../src/main/ipc/download-shelf.js';
import { startWsTransport, type WsTransport } from '../../src/main/ipc/ws-transport.js';
import { setLogSink } from '../../src/main/log.js';
import type { AppEvent, AppEventListener } from '../../src/shared/ipc/events.js';
import { connectWsClient, type WebSocketLike } from '../../src/shared/ipc/ws-client.js';
import { recordingHandlers } from './helpers/recording-handlers.js';

// Refusals and handler failures are logged on purpose here; keep the run quiet.
setLogSink(() => undefined);

const listeners = new Set<AppEventListener>();
const emit = (event: AppEvent) => {
  for (const l of listeners) l(event);
};
const subscribe = (l: AppEventListener) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const nodeSocket = (url: string, origin?: string) =>
  new WebSocket(url, origin ? { origin } : {}) as unknown as WebSocketLike;

let transport: WsTransport | undefined;
afterEach(async () => {
  await transport?.close();
  transport = undefined;
});

async function start(options: { allowedOrigins?: string[]; downloads?: DownloadShelf } = {}) {
  const { handlers, calls } = recordingHandlers();
  const dispatch = createDispatcher(handlers, { isTrustedSender: (s) => s.transport === 'websocket' });
  transport = await startWsTransport({ dispatch, subscribe, ...options });
  return { transport, calls };
}

/** Resolves with the HTTP status the server refused the upgrade with. */
function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('open', () => reject(new Error('connection was accepted')));
    socket.on('error', () => undefined);
  });
}

describe('the WebSocket transport', () => {
  it('listens on 127.0.0.1 only and refuses to bind anywhere else', async () => {
    const { transport } = await start();
    expect(new URL(transport.url).hostname).toBe('127.0.0.1');
    const { handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, { isTrustedSender: () => true });
    await expect(startWsTransport({ dispatch, subscribe, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });

  it('requires the random per-run token', async () => {
    const { transport } = await start();
    expect(transport.token.length).toBeGreaterThanOrEqual(40);
    expect(await refusedStatus(transport.url)).toBe(401);
    expect(await refusedStatus(`${transport.url}?token=${transport.token.slice(1)}x`)).toBe(401);
    expect(await refusedStatus(`${transport.url}?token=${transport.token}x`)).toBe(401);
  });

  it('refuses a page origin that is not allowed', async () => {
    const { transport } = await start({ allowedOrigins: ['http://127.0.0.1:4173'] });
    const url = `${transport.url}?token=${transport.token}`;
    expect(await refusedStatus(url, { Origin: 'http://evil.example' })).toBe(403);
    const client = connectWsClient(transport.url, transport.token, (u) => nodeSocket(u, 'http://127.0.0.1:4173'));
    await client.ready;
    client.close();
  });

  it('carries calls (validated in main) and events, and unsubscribes when the page goes', async () => {
    const { transport, calls } = await start();
    const client = connectWsClient(transport.url, transport.token, (u) => nodeSocket(u));
    await client.ready;
    expect(await client.api.graph.schools({ search: 'x' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual([{ channel: 'graph:schools', args: { search: 'x', offset: 0, limit: 100 } }]);
    const bad = await client.api.graph.visit({ id: 'not-a-uuid' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'id' } });

    const received = new Promise<AppEvent>((resolve) => client.api.events.subscribe(resolve));
    await expect.poll(() => listeners.size).toBe(1);
    emit({ kind: 'conflicts:changed', open: 2 });
    expect(await received).toEqual({ kind: 'conflicts:changed', open: 2 });

    client.close();
    await expect.poll(() => listeners.size).toBe(0);
  });

  it('serves a saved file once as an attachment under its unguessable address, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-downloads-'));
    try {
      const file = join(dir, 'Visites 2026-12-05.csv');
      writeFileSync(file, '\uFEFFÉcole,Date\r\n');
      const downloads = createDownloadShelf();
      const { transport } = await start({ downloads });
      const url = downloads.offer(file);
      expect(new URL(url).origin).toBe(new URL(transport.url.replace(/^ws/, 'http')).origin);
      expect(new URL(url).pathname).toMatch(/^\/downloads\/[A-Za-z0-9_-]{32}$/);

      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(first.headers.get('content-disposition')).toBe(
        `attachment; filename="Visites 2026-12-05.csv"; filename*=UTF-8''Visites%202026-12-05.csv`,
      );
      expect(Buffer.from(await first.arrayBuffer()).toString('utf8')).toBe('\uFEFFÉcole,Date\r\n');
      // Once only, and no other address answers with a file.
      expect((await fetch(url)).status).toBe(404);
      const other = new URL(url);
      other.pathname = `/downloads/${'a'.repeat(32)}`;
      expect((await fetch(other)).status).toBe(404);
      other.pathname = '/downloads/../../etc/passwd';
      expect((await fetch(other)).status).not.toBe(200);
      expect((await fetch(new URL('/', url))).status).toBe(426);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
