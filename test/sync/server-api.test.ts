import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerApi } from '../../src/main/sync/server-api.js';
import type { Result } from '../../src/shared/errors.js';
import { json, type ScriptedServer, startScriptedServer } from './helpers/scripted-server.js';

const upToDate = {
  results: [],
  changes: [],
  cursors: { schools: 'c1' },
  hasMore: false,
  serverTime: new Date().toISOString(),
};
const session = {
  token: 'token-0123456789abcdef',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: {
    id: 'u1',
    username: 'demo',
    displayName: 'Demo',
    organisationId: '0b6f1f3e-6f4c-4c1e-9a57-1f0d1c1e2a3b',
    districtIds: null,
  },
};

let server: ScriptedServer | undefined;
let api: ServerApi | undefined;
afterEach(async () => {
  api?.close();
  await server?.close();
  server = api = undefined;
});

async function setUp(answer: Parameters<typeof startScriptedServer>[0], idleTimeoutMs = 2_000) {
  server = await startScriptedServer(answer);
  api = new ServerApi({ baseUrl: server.url, token: session.token, idleTimeoutMs, connectTimeoutMs: 1_000 });
  return { server, api };
}

function errorCode(res: Result<unknown>): string | undefined {
  return res.ok ? undefined : res.error.code;
}

describe('ServerApi transport', () => {
  it('asks for compression, sends the bearer token and counts compressed bytes on the wire', async () => {
    const big = {
      ...upToDate,
      cursors: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`c${i}`, 'x'.repeat(40)])),
    };
    const { server, api } = await setUp((_req, _body, res) => {
      const body = gzipSync(JSON.stringify(big));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': body.length,
      });
      res.end(body);
    });
    const res = await api.sync({ cursors: { schools: null } });
    expect(res.ok && Object.keys(res.value.cursors).length).toBe(500);
    const headers = server.requests[0]?.headers;
    expect(headers?.['accept-encoding']).toBe('gzip, br');
    expect(headers?.authorization).toBe(`Bearer ${session.token}`);
    const stats = api.stats();
    expect(stats.requests).toBe(1);
    expect(stats.bytesDown).toBeLessThan(JSON.stringify(big).length / 4);
    expect(stats.bytesDown).toBeGreaterThan(gzipSync(JSON.stringify(big)).length);
    expect(stats.bytesUp).toBeGreaterThan(server.requests[0]?.body.length ?? 0);
  });

  it('gzips request bodies worth compressing, and sends small ones as they are', async () => {
    const { server, api } = await setUp(json(200, upToDate));
    const cursors = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`collection-${i}`, 'k3x9q.ab12']));
    await api.sync({ cursors });
    await api.sync({ cursors: {} });
    expect(server.requests.map((r) => r.headers['content-encoding'])).toEqual(['gzip', undefined]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ cursors, format: 'columns' });
    expect(Number(server.requests[0]?.headers['content-length'])).toBeLessThan(JSON.stringify({ cursors }).length / 2);
  });

  it('reuses one keep-alive connection for consecutive requests', async () => {
    const { api } = await setUp(json(200, upToDate));
    for (let i = 0; i < 3; i++) expect((await api.sync({ cursors: {} })).ok).toBe(true);
    expect(api.stats()).toMatchObject({ requests: 3, connections: 1 });
  });

  it('tells the caller when the request has left, before the answer arrives', async () => {
    let release: (() => void) | undefined;
    const { api } = await setUp((_req, _body, res) => {
      release = () => json(200, upToDate)(_req, _body, res);
    });
    let sent = false;
    const pending = api.sync({ cursors: {} }, { onSent: () => (sent = true) });
    await expect.poll(() => sent).toBe(true);
    release?.();
    expect((await pending).ok).toBe(true);
  });
});

describe('ServerApi maps every failure to an AppError', () => {
  it.each([
    ['a 500', json(500, { error: { code: 'INTERNAL', message: 'boom' } }), 'SERVER'],
    [
      'a 502 without a JSON body',
      (_q: unknown, _b: unknown, res: import('node:http').ServerResponse) => res.writeHead(502).end('Bad gateway'),
      'SERVER',
    ],
    ['a 401', json(401, { error: { code: 'UNAUTHORIZED', message: 'expired' } }), 'UNAUTHORIZED'],
    ['a 403', json(403, { error: { code: 'FORBIDDEN', message: 'not yours' } }), 'FORBIDDEN'],
    [
      'a 400 with the server error',
      json(400, { error: { code: 'VALIDATION', message: 'bad field', field: 'name' } }),
      'VALIDATION',
    ],
    [
      'a 413',
      (_q: unknown, _b: unknown, res: import('node:http').ServerResponse) => res.writeHead(413).end(),
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'malformed JSON',
      (_q: unknown, _b: unknown, res: import('node:http').ServerResponse) => res.writeHead(200).end('{"results": ['),
      'SERVER',
    ],
    ['a body of the wrong shape', json(200, { results: 'nope' }), 'SERVER'],
    [
      'changes of the wrong shape',
      json(200, { ...upToDate, changes: [{ collection: 'schools', items: 'x' }] }),
      'SERVER',
    ],
    [
      'columns of unequal length',
      json(200, {
        ...upToDate,
        changes: [
          { collection: 'schools', count: 2, columns: { id: ['a'], version: [1], updatedAt: ['t'], deleted: [false] } },
        ],
      }),
      'SERVER',
    ],
  ] as const)('%s', async (_name, script, code) => {
    const { api } = await setUp(script as Parameters<typeof startScriptedServer>[0]);
    expect(errorCode(await api.sync({ cursors: {} }))).toBe(code);
  });

  it('asks for columns and hands the engine record objects (or takes record objects as they come)', async () => {
    const columns = {
      id: ['a', 'b'],
      version: [3, 4],
      updatedAt: ['t1', 't2'],
      deleted: [false, true],
      name: ['A', null],
    };
    const { server, api } = await setUp(
      json(200, {
        ...upToDate,
        changes: [
          { collection: 'schools', count: 2, columns },
          { collection: 'teachers', items: [{ id: 'c', version: 1, updatedAt: 't3', deleted: false }] },
        ],
      }),
    );
    const res = await api.sync({ cursors: {} });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({ format: 'columns' });
    expect(res.ok && res.value.changes).toEqual([
      {
        collection: 'schools',
        items: [
          { id: 'a', version: 3, updatedAt: 't1', deleted: false, name: 'A' },
          { id: 'b', version: 4, updatedAt: 't2', deleted: true },
        ],
      },
      { collection: 'teachers', items: [{ id: 'c', version: 1, updatedAt: 't3', deleted: false }] },
    ]);
  });

  it('keeps the server message of a 4xx so the officer sees why', async () => {
    const { api } = await setUp(
      json(400, { error: { code: 'VALIDATION', message: 'School name is too long', field: 'name' } }),
    );
    const res = await api.sync({ cursors: {} });
    expect(res.ok ? null : res.error).toMatchObject({
      code: 'VALIDATION',
      message: 'School name is too long',
      field: 'name',
    });
  });

  it('a refused connection is NETWORK', async () => {
    const { server, api } = await setUp(json(200, upToDate));
    await server.close();
    expect(errorCode(await api.sync({ cursors: {} }))).toBe('NETWORK');
  });

  it('a server that stops sending is a TIMEOUT after the idle timeout', async () => {
    const { api } = await setUp((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"results":[');
    }, 200);
    expect(errorCode(await api.sync({ cursors: {} }))).toBe('TIMEOUT');
  });

  it('a response cut in the middle is NETWORK', async () => {
    const { api } = await setUp((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"results":[', () => res.socket?.destroy());
    });
    expect(errorCode(await api.sync({ cursors: {} }))).toBe('NETWORK');
  });

  it('a gzip stream cut in the middle is NETWORK', async () => {
    const { api } = await setUp((_req, _body, res) => {
      const body = gzipSync(JSON.stringify({ ...upToDate, cursors: { a: 'x'.repeat(10_000) } }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.write(body.subarray(0, body.length / 2), () => res.socket?.destroy());
    });
    expect(errorCode(await api.sync({ cursors: {} }))).toBe('NETWORK');
  });

  it('an aborted request is CANCELLED', async () => {
    const { api } = await setUp(() => undefined);
    const controller = new AbortController();
    const pending = api.sync({ cursors: {} }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(errorCode(await pending)).toBe('CANCELLED');
  });
});

describe('ServerApi sessions', () => {
  it('logs in again once when the session expired and credentials are known', async () => {
    let calls = 0;
    server = await startScriptedServer((req, body, res) => {
      if (req.url === '/api/auth/login') return json(200, session)(req, body, res);
      calls++;
      const authorised = req.headers.authorization === `Bearer ${session.token}`;
      return authorised
        ? json(200, upToDate)(req, body, res)
        : json(401, { error: { code: 'UNAUTHORIZED', message: 'expired' } })(req, body, res);
    });
    api = new ServerApi({
      baseUrl: server.url,
      token: 'expired-token-000000',
      credentials: { username: 'demo', password: 'demo' },
    });
    expect((await api.sync({ cursors: {} })).ok).toBe(true);
    expect(calls).toBe(2);
    expect(api.sessionToken).toBe(session.token);
  });

  it('a wrong password is UNAUTHORIZED, not a retry loop', async () => {
    server = await startScriptedServer(json(401, { error: { code: 'UNAUTHORIZED', message: 'wrong password' } }));
    api = new ServerApi({ baseUrl: server.url, credentials: { username: 'demo', password: 'nope' } });
    expect(errorCode(await api.sync({ cursors: {} }))).toBe('UNAUTHORIZED');
    expect(server.requests).toHaveLength(1);
  });

  it('the health probe needs no session', async () => {
    const { server, api } = await setUp(json(200, { status: 'ok' }));
    expect((await api.health()).ok).toBe(true);
    expect(server.requests[0]?.url).toBe('/api/health');
  });
});
