import { type Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface Exchange {
  status: number;
  body: Buffer;
  /** Bytes on the wire both ways, counted at the TCP socket (headers, chunked framing, body). */
  wireBytes: number;
}

/** One HTTP POST exchange, counting real socket bytes; decodes gzip/br bodies. */
export function exchange(agent: Agent, url: string, path: string, body: unknown, headers: Record<string, string>) {
  return new Promise<Exchange>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decoded = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'br' ? brotliDecompressSync(raw) : raw;
        // Counted at the socket (keep-alive: one request at a time per socket, so the deltas are this exchange's).
        const socket = start.socket;
        const wireBytes = socket ? socket.bytesRead - start.read + (socket.bytesWritten - start.written) : 0;
        resolve({ status: res.statusCode ?? 0, body: decoded, wireBytes });
      });
    });
    const start: { read: number; written: number; socket?: Socket } = { read: 0, written: 0 };
    req.on('socket', (socket) => {
      start.socket = socket;
      start.read = socket.bytesRead;
      start.written = socket.bytesWritten;
    });
    req.on('error', reject);
    req.end(payload);
  });
}
