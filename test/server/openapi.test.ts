import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_PATH, servedOpenApi } from '../../src/server/openapi/write-openapi.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { MAX_PUSH_BATCH } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('OpenAPI document', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
  });
  afterAll(() => server?.close());

  it('is served without signing in', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ openapi: '3.1.0' });
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    expect(JSON.parse(await servedOpenApi())).toEqual(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
  });

  it('documents every collection, the sync endpoint and the body and batch limits', async () => {
    const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
      paths: Record<string, unknown>;
      info: { description: string };
      components: { schemas: { SyncRequest: { properties: { push: { maxItems: number } } } } };
    };
    for (const def of entityGraph.ordered) {
      expect(doc.paths).toHaveProperty([`/api/${def.collection}`]);
      expect(doc.paths).toHaveProperty([`/api/${def.collection}/{id}`]);
    }
    for (const path of ['/api/sync', '/api/auth/login', '/api/health']) expect(doc.paths).toHaveProperty([path]);
    expect(doc.info.description).toMatch(/at most \d+ bytes/);
    expect(doc.info.description).toContain(`at most ${MAX_PUSH_BATCH} operations`);
    expect(doc.components.schemas.SyncRequest.properties.push.maxItems).toBe(MAX_PUSH_BATCH);
  });
});
