import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** How the scripted server answers one request. */
export type Script = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  /** Requests received, in order. */
  readonly requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  /** Replaces the answer to every following request. */
  answer(script: Script): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server whose answers a test scripts: used only to make the transport fail in ways
 * the real reference server never would (malformed JSON, half a body, wrong shapes). `port` 0 takes a
 * free one; a test that stops a server and starts another on its port brings the same address back.
 */
export async function startScriptedServer(initial: Script, port = 0): Promise<ScriptedServer> {
  let script = initial;
  const requests: ScriptedServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      script(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    answer: (next) => {
      script = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a JSON body. */
export function json(status: number, value: unknown): Script {
  return (_req, _body, res) => {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
}
