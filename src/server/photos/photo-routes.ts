import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PHOTO_MIME_TYPES } from '../../shared/entities/photo.js';
import type { Result } from '../../shared/errors.js';
import {
  ackPartRequestSchema,
  createUploadRequestSchema,
  directUploadQuerySchema,
  heldRequestSchema,
  partUrlsRequestSchema,
  photoMimeTypeSchema,
  sha256Schema,
} from '../../shared/protocol/photos.js';
import { sendError } from '../http/send-error.js';
import type { PhotoUploadService, PhotoUser } from './photo-upload-service.js';
import type { PhotoError } from './upload-session-expiry.js';

/** What the photo routes need from the server: the service and the signed-in user of a request. */
export interface PhotoRouteDeps {
  readonly service: PhotoUploadService;
  /** The authenticated user (the server's auth hook has already refused anonymous requests). */
  readonly userOf: (request: FastifyRequest) => PhotoUser;
}

const uploadParams = z.object({ uploadId: z.uuid() });
const partParams = z.object({ uploadId: z.uuid(), partNumber: z.coerce.number().int().min(1).max(10_000) });
const blobParams = z.object({ sha256: sha256Schema });

/**
 * The photo API (see `src/shared/protocol/photos.ts`), registered inside the server's authenticated
 * scope. Parts for the data-folder store arrive as raw `application/octet-stream` bodies, streamed to
 * disk (never buffered whole); the service enforces each part's exact size.
 */
export async function photoRoutes(app: FastifyInstance, deps: PhotoRouteDeps): Promise<void> {
  const { service, userOf } = deps;
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
  // A one-request upload's body is the photo itself, declared by its own type: streamed, never buffered.
  app.addContentTypeParser([...PHOTO_MIME_TYPES], (_req, payload, done) => done(null, payload));

  app.post('/api/photos/held', async (request, reply) => {
    const body = parse(heldRequestSchema, request.body, reply);
    if (!body) return reply;
    return reply.send(await service.held(userOf(request), body.sha256s, body.visits));
  });

  app.put('/api/photos/:sha256', async (request, reply) => {
    const params = parse(blobParams, request.params, reply);
    const query = params && parse(directUploadQuerySchema, request.query, reply);
    if (!params || !query) return reply;
    const declared = photoMimeTypeSchema.safeParse(request.headers['content-type']?.split(';')[0]?.trim());
    if (!declared.success) {
      return fail(reply, {
        code: 'BAD_REQUEST',
        message: `Content-Type must be the photo's type: one of ${PHOTO_MIME_TYPES.join(', ')}`,
        field: 'mimeType',
      });
    }
    const size = Number(request.headers['content-length']);
    if (!Number.isSafeInteger(size) || size <= 0) {
      return fail(reply, { code: 'BAD_REQUEST', message: 'Send the photo with its Content-Length', field: 'size' });
    }
    const req = { sha256: params.sha256, size, mimeType: declared.data, schoolVisitId: query.visit };
    const stored = await service.direct(userOf(request), req, request.body as Readable);
    // Refused before the body was read (scope, size): the rest of it is not wanted on this connection.
    if (!stored.ok && !(request.body as Readable).readableEnded) reply.header('connection', 'close');
    return answer(reply, stored, 201);
  });

  app.head('/api/photos/:sha256', async (request, reply) => {
    const params = parse(blobParams, request.params, reply);
    if (!params) return reply;
    const there = await service.exists(userOf(request), params.sha256);
    return reply.code(there ? 200 : 404).send();
  });

  app.get('/api/photos/:sha256', { exposeHeadRoute: false }, async (request, reply) => {
    const params = parse(blobParams, request.params, reply);
    if (!params) return reply;
    const blob = await service.read(userOf(request), params.sha256);
    if (!blob.ok) return fail(reply, blob.error);
    return (
      reply
        .header('content-type', blob.value.mimeType)
        // The declared type only: a browser must never guess HTML or script from a photo's bytes.
        .header('x-content-type-options', 'nosniff')
        .header('content-length', blob.value.size)
        .send(blob.value.body)
    );
  });

  app.post('/api/photos/uploads', async (request, reply) => {
    const body = parse(createUploadRequestSchema, request.body, reply);
    if (!body) return reply;
    return answer(reply, await service.create(userOf(request), body), 201);
  });

  app.get('/api/photos/uploads/:uploadId', async (request, reply) => {
    const params = parse(uploadParams, request.params, reply);
    if (!params) return reply;
    return answer(reply, await service.get(userOf(request), params.uploadId));
  });

  app.post('/api/photos/uploads/:uploadId/part-urls', async (request, reply) => {
    const params = parse(uploadParams, request.params, reply);
    const body = params && parse(partUrlsRequestSchema, request.body, reply);
    if (!params || !body) return reply;
    const urls = await service.partUrls(userOf(request), params.uploadId, body.partNumbers);
    return answer(reply, urls.ok ? { ok: true, value: { urls: urls.value } } : urls);
  });

  app.put('/api/photos/uploads/:uploadId/parts/:partNumber', async (request, reply) => {
    const params = parse(partParams, request.params, reply);
    if (!params) return reply;
    if (!request.headers['content-type']?.startsWith('application/octet-stream')) {
      return fail(reply, { code: 'BAD_REQUEST', message: 'Send the part as application/octet-stream' });
    }
    const etag = await service.putPart(userOf(request), params.uploadId, params.partNumber, request.body as Readable);
    if (!etag.ok) return fail(reply, etag.error);
    return reply.header('etag', etag.value).code(200).send({ partNumber: params.partNumber, etag: etag.value });
  });

  app.post('/api/photos/uploads/:uploadId/parts/:partNumber', async (request, reply) => {
    const params = parse(partParams, request.params, reply);
    const body = params && parse(ackPartRequestSchema, request.body, reply);
    if (!params || !body) return reply;
    const acked = await service.ackPart(userOf(request), params.uploadId, params.partNumber, body);
    return answer(reply, acked.ok ? { ok: true, value: { partNumber: params.partNumber } } : acked);
  });

  app.post('/api/photos/uploads/:uploadId/complete', async (request, reply) => {
    const params = parse(uploadParams, request.params, reply);
    if (!params) return reply;
    return answer(reply, await service.complete(userOf(request), params.uploadId));
  });
}

function parse<T>(schema: z.ZodType<T>, input: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  fail(reply, {
    code: 'BAD_REQUEST',
    message: `${field ?? 'request'}: ${issue?.message ?? 'invalid'}`,
    ...(field ? { field } : {}),
  });
  return undefined;
}

function answer<T>(reply: FastifyReply, result: Result<T, PhotoError>, status = 200): FastifyReply {
  return result.ok ? reply.code(status).send(result.value) : fail(reply, result.error);
}

/** Sends `{ error }` with the status its code implies, or the one it names (410: the session expired). */
function fail(reply: FastifyReply, error: PhotoError): FastifyReply {
  const { status, ...body } = error;
  return status ? reply.code(status).send({ error: body }) : sendError(reply, body);
}
