import { z } from 'zod';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { fieldSchema } from '../../shared/entity/validation.js';
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  passwordChangeRequiredSchema,
} from '../../shared/protocol/auth.js';
import { httpErrorBodySchema } from '../../shared/protocol/http-error.js';
import { collectionPageSchema } from '../../shared/protocol/records.js';
import { syncRequestSchema, syncResponseSchema } from '../../shared/protocol/sync.js';
import type { ServerPlugin } from '../server-context.js';
import type { ServerLimits } from '../server-limits.js';
import { errorResponses, json, jsonBody, ref } from './openapi-parts.js';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** A collection's wire record: metadata always, declared fields on live records (omitted on tombstones). */
function recordSchema(def: EntityDef): z.ZodType {
  const fields = Object.fromEntries(Object.entries(def.fields).map(([name, f]) => [name, fieldSchema(f).optional()]));
  return z
    .object({
      id: z.uuid(),
      version: z.number().int().positive(),
      updatedAt: z.iso.datetime(),
      deleted: z.boolean(),
      ...fields,
    })
    .describe(`${def.label}: a tombstone (deleted: true) carries only id, version, updatedAt and deleted.`);
}

function limitsText(limits: ServerLimits): string {
  return [
    `Request bodies: at most ${limits.maxBodyBytes} bytes (413 PAYLOAD_TOO_LARGE above).`,
    `Push batch: at most ${limits.maxPushBatch} operations per POST /api/sync (413 above).`,
    `Sync responses: at most ${limits.maxRecordsPerSync} records (hasMore: true, call again with the new cursors).`,
    `Collection pages: limit up to ${limits.maxPageLimit} (default ${limits.defaultPageLimit}).`,
    `Sessions last ${Math.round(limits.sessionTtlMs / 3_600_000)} hours.`,
  ].join('\n');
}

/**
 * The server's OpenAPI 3.1 document, derived from the same zod schemas and entity declarations the
 * server validates with, plus what plugins declare. Deterministic: the committed copy must match.
 */
export function buildOpenApiDocument(graph: EntityGraph, limits: ServerLimits, plugins: readonly ServerPlugin[]) {
  const schemas: Record<string, unknown> = {
    ErrorBody: jsonSchema(httpErrorBodySchema),
    LoginRequest: jsonSchema(loginRequestSchema),
    LoginResponse: jsonSchema(loginResponseSchema),
    PasswordChangeRequired: jsonSchema(passwordChangeRequiredSchema),
    ChangePasswordRequest: jsonSchema(changePasswordRequestSchema),
    SyncRequest: jsonSchema(syncRequestSchema),
    SyncResponse: jsonSchema(syncResponseSchema),
    CollectionPage: jsonSchema(collectionPageSchema),
  };
  const paths: Record<string, unknown> = {
    '/api/health': {
      get: { summary: 'Liveness probe (no auth)', security: [], responses: { 200: json({ type: 'object' }, 'Up') } },
    },
    '/api/ready': {
      get: {
        summary: 'Readiness probe (no auth): 200 when the database answers, 503 when it does not',
        security: [],
        responses: { 200: json({ type: 'object' }, 'Ready'), 503: json(ref('ErrorBody'), 'Database unreachable') },
      },
    },
    '/api/openapi.json': {
      get: {
        summary: 'This document (no auth)',
        security: [],
        responses: { 200: json({ type: 'object' }, 'OpenAPI') },
      },
    },
    '/api/auth/login': {
      post: {
        summary: 'Sign in; send the token as `Authorization: Bearer <token>` on every other call',
        security: [],
        requestBody: jsonBody(ref('LoginRequest')),
        responses: {
          200: json(ref('LoginResponse'), 'Signed in'),
          ...errorResponses([400, 401, 413]),
          403: json(
            ref('PasswordChangeRequired'),
            'A one-time password (set by an administrator): no session; choose a new password with the change token',
          ),
        },
      },
    },
    '/api/auth/change-password': {
      post: {
        summary: 'Replace a one-time password with your own and sign in (ends every other session)',
        description:
          'No bearer token: the `changeToken` of the 403 PASSWORD_CHANGE_REQUIRED sign-in answer is the proof, ' +
          'single-use and valid for 10 minutes. A password the policy refuses, or the one-time password again, ' +
          'is 400 with `field: "newPassword"` and the `rule` it breaks (too-short, too-long, contains-username, ' +
          'too-few-different, same-as-old); the token stays usable. A spent, expired or voided token is 401.',
        security: [],
        requestBody: jsonBody(ref('ChangePasswordRequest')),
        responses: { 200: json(ref('LoginResponse'), 'Password changed; signed in'), ...errorResponses([400, 401]) },
      },
    },
    '/api/auth/logout': {
      post: {
        summary: 'End this session',
        responses: { 204: { description: 'Signed out' }, ...errorResponses([401]) },
      },
    },
    '/api/sync': {
      post: {
        summary: 'Push a batch and pull every collection’s changes in one request',
        description:
          'Applies the push batch in one transaction (one result per op: applied, duplicate, conflict or rejected; ' +
          'a rejected or conflicting op writes nothing and the rest still apply), then returns changes after each ' +
          'cursor in topological order, leaving out records last written by `clientId`. Conflicts resolved by a ' +
          'person on the device travel as `resolutions` and are kept once per id as the record’s resolution ' +
          'history (`resolutionResults`: stored, duplicate, or rejected when the record is not the user’s to see). ' +
          'A bad request (malformed ' +
          'JSON, wrong types, unknown collections or fields, invalid cursors, oversize) is refused whole with a 4xx ' +
          `naming the problem, and nothing is written.\n\n${limitsText(limits)}`,
        requestBody: jsonBody(ref('SyncRequest')),
        responses: {
          200: json(ref('SyncResponse'), 'Results, changes and new cursors'),
          ...errorResponses([400, 401, 413]),
        },
      },
    },
  };
  for (const def of graph.ordered) {
    const name = `${def.name[0]?.toUpperCase()}${def.name.slice(1)}Record`;
    schemas[name] = jsonSchema(recordSchema(def));
    const page = { allOf: [ref('CollectionPage'), { properties: { items: { type: 'array', items: ref(name) } } }] };
    paths[`/api/${def.collection}`] = {
      get: {
        summary: `${def.label} changes after a cursor (seed-compatible delta read)`,
        parameters: [
          {
            name: 'updatedAfter',
            in: 'query',
            description:
              'A cursor from an earlier answer, or an ISO 8601 time (first read only). Absent: from the start.',
            schema: { type: 'string', maxLength: 64 },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: limits.maxPageLimit } },
        ],
        responses: { 200: json(page, 'A page of changes'), ...errorResponses([400, 401, 404]) },
      },
    };
    paths[`/api/${def.collection}/{id}`] = {
      get: {
        summary: `One ${def.label.toLowerCase()} (404 when absent or outside your scope)`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { 200: json(ref(name), def.label), ...errorResponses([400, 401, 404]) },
      },
    };
  }
  for (const plugin of plugins) {
    Object.assign(paths, plugin.openapi?.paths);
    Object.assign(schemas, plugin.openapi?.schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fieldsync reference sync server',
      version: '1',
      description: `The REST API the Fieldsync app syncs with.\n\n${limitsText(limits)}`,
      'x-limits': limits,
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
