import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { AppError } from '../../shared/errors.js';
import { AppErrorException } from '../../shared/errors.js';
import { sendTooMany, TooManyAttempts } from '../routes/auth-routes.js';
import { WriteContention } from '../sync/write-transaction.js';
import { sendError } from './send-error.js';

/** Turns Fastify's own errors (body parsing, limits) into `{ error: AppError }` bodies naming the problem. */
export function describeFastifyError(error: FastifyError, bodyLimit: number): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than the limit of ${bodyLimit} bytes` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'BAD_REQUEST', message: 'Unsupported content type: send application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'BAD_REQUEST', message: 'The JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'BAD_REQUEST', message: 'Content-Length does not match the body' };
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return { code: 'BAD_REQUEST', message: `Malformed JSON body: ${error.message}` };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'BAD_REQUEST', message: error.message };
  }
  return undefined;
}

/** Every error leaves as `{ error }`: client mistakes with a message naming them, bugs as a bare 500. */
export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppErrorException) return sendError(reply, error.error);
    if (error instanceof TooManyAttempts) return sendTooMany(reply, error);
    if (error instanceof WriteContention) {
      // Lost every retry to concurrent writers: nothing was written and the same request may be sent again.
      request.log.warn({ pgCode: error.pgCode, attempts: error.attempts }, 'write contention');
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: { code: 'SERVER', message: 'The server is busy with other writes; try again in a moment' } });
    }
    const known = describeFastifyError(error, bodyLimit);
    if (known) return sendError(reply, known);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, { code: 'INTERNAL', message: 'The server failed to handle this request' });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, {
      code: 'NOT_FOUND',
      message: `No such endpoint: ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}

/** Longest request target accepted (414 above it, before routing). */
export const MAX_URL_LENGTH = 8 * 1024;

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers over the limit, a malformed
 * request line) get the same `{ error }` body as every other answer, then the connection closes.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', { code: 'BAD_REQUEST', message: 'The request headers are too large' }]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', { code: 'TIMEOUT', message: 'The request took too long to arrive' }]
        : [400, 'Bad Request', { code: 'BAD_REQUEST', message: 'The request could not be parsed' }];
  const json = JSON.stringify({ error: body });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

/** Refuses a request target over `MAX_URL_LENGTH` with 414 and the JSON error body. */
export function refuseLongUrls(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length <= MAX_URL_LENGTH) return;
    return reply.code(414).send({
      error: { code: 'BAD_REQUEST', message: `The request URL is longer than ${MAX_URL_LENGTH} characters` },
    });
  });
}
