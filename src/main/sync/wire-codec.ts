import http from 'node:http';
import https from 'node:https';
import { gzipSync } from 'node:zlib';
import { ok, type Result } from '../../shared/errors.js';

/** JSON request body, gzipped from `threshold` bytes on (the server decompresses request bodies). */
export function encodeBody(
  value: unknown,
  threshold: number,
): { data: string | Buffer; headers: Record<string, string> } | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (threshold <= 0 || text.length < threshold) return { data: text, headers };
  return { data: gzipSync(text), headers: { ...headers, 'Content-Encoding': 'gzip' } };
}

/** A response body as JSON, or why it is not. */
export function parseJson(text: string | undefined): Result<unknown, string> {
  if (typeof text !== 'string' || text === '') return { ok: false, error: 'empty body' };
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
}

/** Node's own http(s).request, telling `onSent` when the request is flushed to the socket. */
export function notifyingTransport(onSent: (() => void) | undefined) {
  return {
    request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void) {
      const req = (options.protocol === 'https:' ? https : http).request(options, callback);
      if (onSent) req.once('finish', onSent);
      return req;
    },
  };
}
