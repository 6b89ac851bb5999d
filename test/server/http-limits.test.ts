import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Answers refused before routing (headers too large, URL too long) carry the usual JSON error body. */
describe('HTTP limits answer with the JSON error body', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', limits: { maxBodyBytes: 256 * 1024 } });
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

  /**
   * Streams a body of `total` bytes (64 KiB every 2 ms, as a slow uplink would) and reads the answer on
   * the same socket: what arrived, after how many bytes sent, and any socket error before the answer.
   */
  const streamTooMuch = (token: string, chunked: boolean, total = 4 * 1024 * 1024) =>
    new Promise<{ answer: string; sentBeforeAnswer: number; errorBeforeAnswer?: string }>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      let sentBeforeAnswer = -1;
      let errorBeforeAnswer: string | undefined;
      socket.on('data', (chunk) => {
        if (sentBeforeAnswer < 0) sentBeforeAnswer = sent;
        answer += chunk.toString('utf8');
      });
      socket.on('error', (error: Error & { code?: string }) => {
        if (!answer) errorBeforeAnswer = error.code ?? error.message;
      });
      socket.on('close', () =>
        resolve({ answer, sentBeforeAnswer, ...(errorBeforeAnswer ? { errorBeforeAnswer } : {}) }),
      );
      socket.write(
        `POST /api/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
          (chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${total}\r\n\r\n`),
      );
      const piece = ' '.repeat(64 * 1024);
      const timer = setInterval(() => {
        if (socket.destroyed || sent >= total) {
          clearInterval(timer);
          if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '');
          return;
        }
        socket.write(chunked ? `${piece.length.toString(16)}\r\n${piece}\r\n` : piece);
        sent += piece.length;
      }, 2);
    });

  it.each([
    ['Content-Length', false],
    ['chunked', true],
  ])(
    '413 for a body over the limit (%s), answered with the JSON error while the client is still sending',
    async (_how, chunked) => {
      const { token } = await server.login('demo');
      const { answer, sentBeforeAnswer, errorBeforeAnswer } = await streamTooMuch(token, chunked);
      expect(errorBeforeAnswer).toBeUndefined();
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
        error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/262144 bytes/) },
      });
      // Answered as soon as the limit was passed, not after the 4 MiB the client meant to send.
      expect(sentBeforeAnswer).toBeLessThan(1024 * 1024);
    },
  );
});
