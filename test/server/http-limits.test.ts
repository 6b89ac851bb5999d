import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Answers refused before routing (headers too large, URL too long) carry the usual JSON error body. */
describe('HTTP limits answer with the JSON error body', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
  });
  afterAll(() => server?.close());

  /** Sends raw bytes and reads the whole answer until the server closes the connection. */
  const raw = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('utf8');
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
      socket.write(text);
    });

  it('431 for headers over the limit, with a JSON body, before the connection closes', async () => {
    const answer = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/headers/) } });
  });

  it('414 for a URL over 8 KiB, with a JSON body', async () => {
    const res = await fetch(`${server.url}/api/schools?updatedAfter=${'x'.repeat(9_000)}`);
    expect(res.status).toBe(414);
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/URL/) } });
  });
});
