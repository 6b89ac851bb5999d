import { z } from 'zod';
import {
  ackPartRequestSchema,
  completeUploadResponseSchema,
  createUploadRequestSchema,
  createUploadResponseSchema,
  DIRECT_UPLOAD_MAX_BYTES,
  heldRequestSchema,
  heldResponseSchema,
  partUrlsRequestSchema,
  partUrlsResponseSchema,
  uploadSessionSchema,
} from '../../shared/protocol/photos.js';
import { errorResponses, json, jsonBody, ref } from '../openapi/openapi-parts.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const sha = { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } };
const uploadId = { name: 'uploadId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
/** Any call on a session not completed within the server's TTL (see `upload-session-expiry.ts`). */
const gone = {
  410: json(
    ref('ErrorBody'),
    'The session expired (not completed within the TTL, 24 h by default) and its parts are gone: start a new one',
  ),
};
const partNumber = {
  name: 'partNumber',
  in: 'path',
  required: true,
  schema: { type: 'integer', minimum: 1, maximum: 10000 },
};

/** The photo API's part of `/api/openapi.json`. */
export const photoOpenApi = {
  schemas: {
    CreateUploadRequest: schema(createUploadRequestSchema),
    CreateUploadResponse: schema(createUploadResponseSchema),
    UploadSession: schema(uploadSessionSchema),
    PartUrlsRequest: schema(partUrlsRequestSchema),
    PartUrlsResponse: schema(partUrlsResponseSchema),
    AckPartRequest: schema(ackPartRequestSchema),
    CompleteUploadResponse: schema(completeUploadResponseSchema),
    HeldRequest: schema(heldRequestSchema),
    HeldResponse: schema(heldResponseSchema),
  },
  paths: {
    '/api/photos/{sha256}': {
      head: {
        summary:
          'Whether your organisation already uploaded this photo blob (200) or not (404): upload nothing if it has. A district user is answered for their districts only: a blob uploaded for another district is 404, and uploading it proves you hold the bytes. Storage is shared, but whether another organisation or district holds the same bytes is never told',
        parameters: [sha],
        responses: {
          200: { description: 'Your organisation holds it' },
          404: { description: 'Your organisation has not uploaded it (another may have: not said)' },
          ...errorResponses([400, 401]),
        },
      },
      get: {
        summary:
          'The photo blob (sent with `X-Content-Type-Options: nosniff`), if your organisation uploaded it for one of your districts and you can see a photo record of it (404 otherwise, as for a hash nobody has)',
        parameters: [sha],
        responses: { 200: { description: 'The image bytes' }, ...errorResponses([400, 401, 404]) },
      },
      put: {
        summary: `A photo of at most ${DIRECT_UPLOAD_MAX_BYTES} bytes in one request, for a visit you may edit (data-folder store only; see POST /api/photos/held): the body is the photo, its Content-Type the declared image type. The server verifies the SHA-256, the size and the type as when completing a session and keeps nothing otherwise (422 naming \`sha256\`, \`size\` or \`mimeType\`); sending it again once held answers 201 at once`,
        parameters: [sha, { name: 'visit', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: {
          required: true,
          content: Object.fromEntries(
            ['image/jpeg', 'image/png', 'image/heic'].map((type) => [
              type,
              { schema: { type: 'string', format: 'binary' } },
            ]),
          ),
        },
        responses: {
          201: json(ref('CompleteUploadResponse'), 'Stored (or already held)'),
          ...errorResponses([400, 401, 404, 422]),
          413: json(ref('ErrorBody'), 'Too big for one request: use an upload session'),
        },
      },
    },
    '/api/photos/held': {
      post: {
        summary:
          'Which of these photo blobs your organisation holds for your districts (HEAD /api/photos/{sha256} for up to 500 at once), and whether this server takes small photos in one request (`direct`)',
        requestBody: jsonBody(ref('HeldRequest')),
        responses: { 200: json(ref('HeldResponse'), 'Held blobs'), ...errorResponses([400, 401]) },
      },
    },
    '/api/photos/uploads': {
      post: {
        summary:
          'Start (or resume) a multipart upload for a visit you may edit; part size is max(5 MiB, size / 10,000). Complete it within the TTL (24 h by default) or it expires',
        requestBody: jsonBody(ref('CreateUploadRequest')),
        responses: {
          201: json(
            ref('CreateUploadResponse'),
            '`exists` (your organisation holds the blob for your districts: nothing to upload) or the open session (also when only another organisation or district holds it)',
          ),
          ...errorResponses([400, 401, 403, 404]),
          429: json(ref('ErrorBody'), 'Too many of your upload sessions are open: let them finish or expire first'),
        },
      },
    },
    '/api/photos/uploads/{uploadId}': {
      get: {
        summary: 'The session and the parts the server has acknowledged (resume from here)',
        parameters: [uploadId],
        responses: { 200: json(ref('UploadSession'), 'Session'), ...errorResponses([400, 401, 404]), ...gone },
      },
    },
    '/api/photos/uploads/{uploadId}/part-urls': {
      post: {
        summary: 'URLs to PUT parts to: this server (send the bearer token) or presigned object-store URLs (do not)',
        parameters: [uploadId],
        requestBody: jsonBody(ref('PartUrlsRequest')),
        responses: { 200: json(ref('PartUrlsResponse'), 'Part URLs'), ...errorResponses([400, 401, 404]), ...gone },
      },
    },
    '/api/photos/uploads/{uploadId}/parts/{partNumber}': {
      put: {
        summary: 'One part, as application/octet-stream, of exactly its size; sending it again replaces it',
        parameters: [uploadId, partNumber],
        requestBody: {
          required: true,
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: {
          200: { description: 'Stored; the ETag header acknowledges it' },
          ...errorResponses([400, 401, 404, 422]),
          ...gone,
        },
      },
      post: {
        summary:
          'Acknowledge a part PUT to a presigned object-store URL, with the ETag the store returned (object-store mode only: with the data-folder store a part is acknowledged by its PUT, and this answers 400)',
        parameters: [uploadId, partNumber],
        requestBody: jsonBody(ref('AckPartRequest')),
        responses: { 200: { description: 'Recorded' }, ...errorResponses([400, 401, 404, 422]), ...gone },
      },
    },
    '/api/photos/uploads/{uploadId}/complete': {
      post: {
        summary:
          'Assemble the parts; the server verifies the SHA-256 and that the bytes are of the declared image type (JPEG, PNG, HEIC by their first bytes), and refuses (422, naming `sha256` or `mimeType`) and discards a mismatch',
        parameters: [uploadId],
        responses: {
          200: json(ref('CompleteUploadResponse'), 'Stored'),
          ...errorResponses([400, 401, 404, 422]),
          ...gone,
        },
      },
    },
  },
};
