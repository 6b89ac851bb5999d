import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PhotoApi } from '../../src/main/photos/upload/photo-api.js';
import { LocalStore } from '../../src/main/store/local-store.js';
import { ServerConnection } from '../../src/main/sync/server-connection.js';
import { createSyncClient } from '../../src/main/sync/sync-client.js';
import type { Result } from '../../src/shared/errors.js';
import { json, type ScriptedServer, startScriptedServer } from '../sync/helpers/scripted-server.js';

/** The photo API's calls ride the sync's `ServerConnection`: one session, one error mapping, one reachability. */
let server: ScriptedServer | undefined;
let connection: ServerConnection | undefined;
afterEach(async () => {
  connection?.close();
  await server?.close();
  server = connection = undefined;
});

async function photoApi(script: Parameters<typeof startScriptedServer>[0], options = {}) {
  server = await startScriptedServer(script);
  connection = new ServerConnection({ baseUrl: server.url, token: 'token-0123456789abcdef' });
  return { server, api: new PhotoApi(connection, options) };
}

const code = (res: Result<unknown>) => (res.ok ? 'ok' : res.error.code);
const never = () => undefined;
const sha = 'a'.repeat(64);

async function partFile(bytes: number): Promise<string> {
  const path = join(tmpdir(), `fieldsync-part-${process.pid}-${bytes}`);
  await writeFile(path, Buffer.alloc(bytes, 7));
  return path;
}

describe('photo calls on the sync connection', () => {
  it('Cancel aborts a part in flight at once instead of waiting out its deadline', async () => {
    const { api } = await photoApi(never);
    const path = await partFile(1_000_000);
    const cancel = new AbortController();
    const started = performance.now();
    const put = api.putPart(
      { partNumber: 1, url: '/api/photos/uploads/u1/parts/1', bearer: true, expiresAt: '2030-01-01T00:00:00Z' },
      { path, start: 0, end: 1_000_000 },
      cancel.signal,
    );
    setTimeout(() => cancel.abort(new Error('app quit')), 100);
    expect(code(await put)).toBe('CANCELLED');
    // The part's own deadline is 30 s plus 125 s at the slowest link it waits for.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a call past its deadline is a TIMEOUT', async () => {
    const { api } = await photoApi(never, { callTimeoutMs: 300 });
    const started = performance.now();
    expect(code(await api.exists(sha))).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('maps statuses as the sync does: 408 is TIMEOUT, a 4xx keeps the server error, a 5xx is SERVER', async () => {
    const { server, api } = await photoApi((_req, _body, res) => res.writeHead(408).end());
    expect(code(await api.exists(sha))).toBe('TIMEOUT');
    server.answer(json(422, { error: { code: 'VALIDATION', message: 'Part too small', field: 'size' } }));
    const refused = await api.ackPart('u1', 1, '"etag"', 10);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'VALIDATION', message: 'Part too small' });
    server.answer(json(500, { error: { code: 'INTERNAL', message: 'boom' } }));
    expect(code(await api.complete('u1'))).toBe('SERVER');
  });

  it('renews an expired session for photo calls too, when credentials are known', async () => {
    server = await startScriptedServer((req, body, res) => {
      if (req.url === '/api/auth/login') {
        const user = {
          id: 'u1',
          username: 'demo',
          displayName: 'Demo',
          organisationId: '0b6f1f3e-6f4c-4c1e-9a57-1f0d1c1e2a3b',
          districtIds: null,
        };
        return json(200, { token: 'fresh-token-0123456789', expiresAt: '2030-01-01T00:00:00.000Z', user })(
          req,
          body,
          res,
        );
      }
      res.writeHead(req.headers.authorization === 'Bearer fresh-token-0123456789' ? 200 : 401).end();
    });
    connection = new ServerConnection({
      baseUrl: server.url,
      token: 'expired-token-000000',
      credentials: { username: 'demo', password: 'demo' },
    });
    expect(await new PhotoApi(connection).exists(sha)).toEqual({ ok: true, value: true });
    expect(server.requests.map((r) => r.url)).toEqual([`/api/photos/${sha}`, '/api/auth/login', `/api/photos/${sha}`]);
  });

  it('every photo request is reachability evidence: a refused one takes the server offline, an answer brings it back', async () => {
    const { server: s, api } = await photoApi((_req, _body, res) => res.writeHead(404).end());
    const store = LocalStore.open({ path: ':memory:' });
    const client = createSyncClient({ connection: connection as ServerConnection, store });
    try {
      expect(await api.exists(sha)).toEqual({ ok: true, value: false });
      expect(client.network.state).toBe('online');
      const port = s.port;
      await s.close();
      server = undefined;
      expect(code(await api.exists(sha))).toBe('NETWORK');
      expect(client.network.state).toBe('offline');
      server = await startScriptedServer((_req, _body, res) => res.writeHead(404).end(), port);
      expect(await api.exists(sha)).toEqual({ ok: true, value: false });
      expect(client.network.state).toBe('online');
    } finally {
      client.close();
      store.close();
    }
  });
});
