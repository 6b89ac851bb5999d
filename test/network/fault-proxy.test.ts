import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';

/** A TCP server on 127.0.0.1 running `handler` per connection; half-open so tests can see half-close. */
async function tcpServer(handler: (socket: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    handler(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

const portOf = (server: net.Server | http.Server) => (server.address() as net.AddressInfo).port;

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true, noDelay: true });
  await once(socket, 'connect');
  return socket;
}

/** Resolves once `bytes` bytes have arrived on `socket`, with the time it took from `since`. */
function received(socket: net.Socket, bytes: number, since: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (data: Buffer) => {
      got += data.length;
      if (got >= bytes) {
        socket.off('data', onData);
        resolve(performance.now() - since);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** Everything a socket delivers until its end (the client is half-open, so it would not close) or close. */
function drain(socket: net.Socket): Promise<{ bytes: number; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    let bytes = 0;
    let error: NodeJS.ErrnoException | undefined;
    socket.on('data', (d: Buffer) => {
      bytes += d.length;
    });
    socket.on('error', (e) => {
      error = e;
    });
    const done = () => resolve(error ? { bytes, error } : { bytes });
    socket.on('end', done);
    socket.on('close', done);
  });
}

/** Counts bytes received per connection and reports the instant the expected total arrived. */
function sinkServer(expected: number, onComplete: (at: number) => void) {
  return tcpServer((socket) => {
    let got = 0;
    socket.on('data', (d: Buffer) => {
      got += d.length;
      if (got === expected) onComplete(performance.now());
    });
    socket.on('end', () => socket.end(`${got}`));
  });
}

let echo: net.Server;
let proxy: FaultProxy;
const servers: (net.Server | http.Server)[] = [];

beforeAll(async () => {
  echo = await tcpServer((socket) => {
    socket.pipe(socket);
  });
});

afterEach(async () => {
  await proxy?.close();
  for (const server of servers.splice(0)) server.close();
});

afterAll(() => {
  echo.close();
});

async function proxyTo(
  server: net.Server | http.Server,
  options: { latencyMs?: number; bytesPerSecond?: number } = {},
) {
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: portOf(server) }, ...options });
  return proxy;
}

describe('fault proxy: latency and bandwidth', { timeout: 10_000 }, () => {
  it('forwards both ways and counts the bytes', async () => {
    await proxyTo(echo);
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
    const socket = await connect(proxy.port);
    const back = received(socket, 1234, performance.now());
    socket.write(Buffer.alloc(1234, 7));
    await back;
    expect(proxy.stats()).toMatchObject({ connections: 1, open: 1, bytesUp: 1234, bytesDown: 1234 });
    socket.destroy();
  });

  it('delays every message by the one-way latency in each direction, not just the connection', async () => {
    // 200 ms each way: a round trip of 400 ms, where delaying twice in a direction would be 800 — the upper
    // bound leaves a loaded machine's timers 160 ms (at 120 ms with 100 ms to spare, a busy CI ran late).
    await proxyTo(echo, { latencyMs: 200 });
    const socket = await connect(proxy.port);
    for (let round = 0; round < 2; round++) {
      const rtt = received(socket, 5, performance.now());
      socket.write('hello');
      const ms = await rtt;
      expect(ms).toBeGreaterThanOrEqual(400);
      expect(ms).toBeLessThan(560);
    }
    proxy.set({ latencyMs: 0 });
    const fast = received(socket, 5, performance.now());
    socket.write('again');
    expect(await fast).toBeLessThan(60);
    socket.destroy();
  });

  it('keeps the order of bytes when the latency drops mid-stream', async () => {
    await proxyTo(echo, { latencyMs: 150 });
    const socket = await connect(proxy.port);
    const chunks: string[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d.toString()));
    const all = received(socket, 6, performance.now());
    socket.write('abc');
    proxy.set({ latencyMs: 0 });
    socket.write('def');
    await all;
    expect(chunks.join('')).toBe('abcdef');
    socket.destroy();
  });

  it('limits each direction to bytesPerSecond within 10 %', async () => {
    const rate = 200_000;
    const size = 200_000;
    let upDone = 0;
    const sink = await sinkServer(size, (at) => {
      upDone = at;
    });
    const source = await tcpServer((socket) => socket.end(Buffer.alloc(size, 1)));
    servers.push(sink, source);
    const upProxy = await proxyTo(sink, { bytesPerSecond: rate });
    const downProxy = await startFaultProxy({
      target: { host: '127.0.0.1', port: portOf(source) },
      bytesPerSecond: rate,
    });
    try {
      const [upSocket, downSocket] = await Promise.all([connect(upProxy.port), connect(downProxy.port)]);
      const started = performance.now();
      const down = received(downSocket, size, started);
      const upReply = received(upSocket, 1, started);
      upSocket.end(Buffer.alloc(size, 2));
      const downMs = await down;
      await upReply;
      const upMs = upDone - started;
      const expected = (size / rate) * 1000;
      console.info(
        `bandwidth ${rate} B/s: up ${upMs.toFixed(0)} ms, down ${downMs.toFixed(0)} ms (ideal ${expected} ms)`,
      );
      for (const ms of [upMs, downMs]) {
        expect(ms).toBeGreaterThan(expected * 0.9);
        expect(ms).toBeLessThan(expected * 1.1);
      }
      upSocket.destroy();
      downSocket.destroy();
    } finally {
      await downProxy.close();
    }
  });

  it('emulates a 2G link: 300 ms one-way and 30 KB/s', async () => {
    await proxyTo(echo, { latencyMs: 300, bytesPerSecond: 30_000 });
    const socket = await connect(proxy.port);
    const started = performance.now();
    const back = received(socket, 15_000, started);
    socket.write(Buffer.alloc(15_000, 3));
    const ms = await back;
    // Up and down stream concurrently: 0.5 s at 30 KB/s, plus 300 ms each way.
    console.info(`2G echo of 15 KB: ${ms.toFixed(0)} ms (ideal 1100 ms)`);
    expect(ms).toBeGreaterThan(1_100 * 0.9);
    expect(ms).toBeLessThan(1_100 * 1.1);
    socket.destroy();
  });
});

describe('fault proxy: half-close', { timeout: 10_000 }, () => {
  it('carries a half-close and still delivers the reply that follows it', async () => {
    const counter = await sinkServer(-1, () => {});
    servers.push(counter);
    await proxyTo(counter, { latencyMs: 30 });
    const socket = await connect(proxy.port);
    const reply: Buffer[] = [];
    socket.on('data', (d: Buffer) => reply.push(d));
    socket.end(Buffer.alloc(4321));
    await once(socket, 'end');
    expect(Buffer.concat(reply).toString()).toBe('4321');
    await once(socket, 'close');
  });
});

describe('fault proxy: faults', { timeout: 10_000 }, () => {
  it('closes the connection after exactly N more bytes downstream', async () => {
    const source = await tcpServer((socket) => socket.end(Buffer.alloc(50_000, 1)));
    servers.push(source);
    await proxyTo(source, { bytesPerSecond: 500_000 });
    proxy.cutAfter(12_345, 'down');
    const socket = await connect(proxy.port);
    const result = await drain(socket);
    expect(result.bytes).toBe(12_345);
    expect(proxy.stats().bytesDown).toBe(12_345);
    // The cut is one-shot: the next connection gets everything.
    const again = await drain(await connect(proxy.port));
    expect(again.bytes).toBe(50_000);
  });

  it('closes the connection after exactly N more bytes upstream', async () => {
    let serverGot = 0;
    const sink = await tcpServer((socket) => {
      socket.on('data', (d: Buffer) => {
        serverGot += d.length;
      });
    });
    servers.push(sink);
    await proxyTo(sink);
    const socket = await connect(proxy.port);
    const closed = drain(socket);
    proxy.cutAfter(777, 'up');
    socket.write(Buffer.alloc(10_000, 5));
    await closed;
    await expect.poll(() => serverGot).toBe(777);
    expect(proxy.stats()).toMatchObject({ bytesUp: 777, open: 0 });
  });

  it('resets open connections: the client sees ECONNRESET', async () => {
    await proxyTo(echo);
    const socket = await connect(proxy.port);
    const ok = received(socket, 2, performance.now());
    socket.write('hi');
    await ok;
    const result = drain(socket);
    proxy.resetAll();
    expect((await result).error?.code).toBe('ECONNRESET');
  });

  it('stalls: the request times out, and flows again once the stall ends', async () => {
    const web = http.createServer((_req, res) => res.end('pong'));
    web.listen(0, '127.0.0.1');
    await once(web, 'listening');
    servers.push(web);
    await proxyTo(web);
    proxy.set({ stall: true });
    const timedOut = new Promise<string>((resolve) => {
      const req = http.get(`${proxy.url}/ping`, { timeout: 300, agent: false });
      req.on('timeout', () => {
        req.destroy();
        resolve('timeout');
      });
      req.on('response', () => resolve('response'));
      req.on('error', () => {});
    });
    expect(await timedOut).toBe('timeout');
    expect(proxy.stats()).toMatchObject({ bytesUp: 0, bytesDown: 0 });

    const body = new Promise<string>((resolve, reject) => {
      http
        .get(`${proxy.url}/ping`, { agent: false }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
          });
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    await expect.poll(() => proxy.stats().open).toBeGreaterThanOrEqual(1);
    proxy.set({ stall: false });
    expect(await body).toBe('pong');
  });

  it('refuses new connections while refuse is on, on the same port afterwards', async () => {
    await proxyTo(echo);
    const port = proxy.port;
    proxy.set({ refuse: true });
    const refused = net.connect({ host: '127.0.0.1', port });
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
    proxy.set({ refuse: false });
    await proxy.ready();
    expect(proxy.port).toBe(port);
    const socket = await connect(port);
    const back = received(socket, 2, performance.now());
    socket.write('ok');
    await back;
    socket.destroy();
  });
});
