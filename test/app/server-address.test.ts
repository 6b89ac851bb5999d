import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { setLogSink } from '../../src/main/log.js';
import { insecureServerAddress, isLoopbackHost } from '../../src/shared/ipc/schemas/session.js';
import { coreSuite } from './helpers/core-suite.js';

setLogSink(() => undefined);

const suite = coreSuite();

/**
 * A plain http:// server address would carry the officer's password and every record in clear text:
 * the app refuses it, before sending anything, unless the server is this computer (or the officer
 * turned on the labelled lab-network setting).
 */
describe('the server address', () => {
  it('refuses http:// to another computer before anything is sent, saying why in words', async () => {
    // A listener on this machine's network address stands in for a server on the LAN: it must never see
    // a connection for http://, while https:// to it does connect (so the refusal is not unreachability).
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    const host = lan ?? '10.20.30.40';
    let connections = 0;
    const listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, lan ?? '127.0.0.1', resolve));
    const port = (listener.address() as { port: number }).port;
    try {
      const app = await suite.core();
      for (const serverUrl of [`http://${host}:${port}`, 'http://sync.example.org']) {
        const started = performance.now();
        const result = await app.core.handlers['session:signIn']({ serverUrl, username: 'demo', password: 'demo' });
        expect(result, serverUrl).toMatchObject({
          ok: false,
          error: {
            code: 'BAD_REQUEST',
            field: 'serverUrl',
            message: expect.stringMatching(/^Server address: use https:\/\//),
          },
        });
        expect(performance.now() - started, serverUrl).toBeLessThan(500);
      }
      expect(app.core.session.state()).toMatchObject({ signedIn: false });
      expect(connections).toBe(0);
      if (lan) {
        const tls = await app.core.handlers['session:signIn']({
          serverUrl: `https://${lan}:${port}`,
          username: 'demo',
          password: 'demo',
        });
        expect(tls.ok).toBe(false);
        expect(connections).toBe(1);
      }
    } finally {
      listener.close();
    }
  });

  it('signs in over http:// to this computer', async () => {
    const app = await suite.core();
    const result = await app.core.handlers['session:signIn']({
      serverUrl: suite.server.url.replace('127.0.0.1', 'localhost'),
      username: 'demo',
      password: 'demo',
    });
    expect(result).toMatchObject({ ok: true, value: { signedIn: true } });
  });

  it('treats only this computer as loopback, and https or the lab-network setting as allowed anywhere', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.8.9.10', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(insecureServerAddress(`http://${host}:8787`, false), host).toBeUndefined();
    }
    for (const host of [
      '10.0.0.5',
      '192.168.1.10',
      'sync.example.org',
      '127.0.0.1.example.org',
      '[::2]',
      '128.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
      expect(insecureServerAddress(`http://${host}`, false), host).toMatchObject({ field: 'serverUrl' });
      expect(insecureServerAddress(`https://${host}`, false), host).toBeUndefined();
      expect(insecureServerAddress(`http://${host}`, true), host).toBeUndefined();
    }
  });
});
