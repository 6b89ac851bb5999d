import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** `/api/ready` tells a load balancer whether this process can serve: the database must answer. */
describe('readiness probe', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
  });
  // The test closes the database itself; closing it again is expected to fail.
  afterAll(() => server?.close().catch(() => undefined));

  it('is 200 while the database answers and 503 with the JSON error once it does not; /api/health stays up', async () => {
    const ready = await fetch(`${server.url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    await server.database.close();
    const down = await fetch(`${server.url}/api/ready`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toMatchObject({ error: { code: 'SERVER' } });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
