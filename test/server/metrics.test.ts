import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/server/create-server-app.js';
import { startPhotoServer } from '../photos/support/photo-server.js';
import { testDatabases } from '../support/test-server.js';
import { create } from './helpers/records.js';

/** The value of one sample of the exposition text (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe.each(testDatabases)('GET /metrics (%s)', (database) => {
  let photo: Awaited<ReturnType<typeof startPhotoServer>>;
  beforeAll(async () => {
    photo = await startPhotoServer({ database });
  });
  afterAll(() => photo?.close());

  const scrape = async () => {
    const res = await fetch(`${photo.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('counts syncs, pushed ops by outcome, pulled changes, failed sign-ins, open uploads and per-route latency', async () => {
    const server = photo.server;
    const before = await scrape();
    const country = { organisationId: server.facts?.demo.organisationId, name: 'Metrica', isoCode: 'MX' };
    const [applied] = await server.writeAs({}, [create('country', country)]);
    expect(applied?.status).toBe('applied');
    const [rejected] = await server.writeAs({}, [create('country', { name: 'No organisation' })]);
    expect(rejected?.status).toBe('rejected');
    await server.writeAs({}, [create('no-such-entity', { name: 'x' })]);
    const pulled = await server.sync('demo', { cursors: {}, limit: 50 });
    await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'not-the-password' }),
    });
    const upload = await photo.api('demo').createUpload({
      sha256: 'a'.repeat(64),
      size: 1234,
      mimeType: 'image/jpeg',
      schoolVisitId: photo.visits.inDistrict,
    });
    expect(upload.ok).toBe(true);

    const after = await scrape();
    const grew = (name: string, labels = '') =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(grew('fieldsync_sync_requests_total')).toBe(4);
    expect(grew('fieldsync_sync_push_ops_total', '{status="applied",entity="country"}')).toBe(1);
    expect(grew('fieldsync_sync_push_ops_total', '{status="rejected",entity="country"}')).toBe(1);
    // A client may send any entity name: it is counted, but never becomes a label of its own.
    expect(grew('fieldsync_sync_push_ops_total', '{status="rejected",entity="unknown"}')).toBe(1);
    expect(after).not.toContain('no-such-entity');
    expect(grew('fieldsync_sync_pulled_records_total')).toBeGreaterThanOrEqual(pulled.changes.length + 3);
    expect(grew('fieldsync_login_failures_total', '{reason="credentials"}')).toBe(1);
    expect(sample(after, 'fieldsync_photo_upload_sessions_open')).toBe(1);
    expect(sample(after, 'fieldsync_feed_head')).toBeGreaterThan(sample(before, 'fieldsync_feed_head') ?? 0);
    expect(
      grew('fieldsync_http_request_duration_seconds_count', '{method="POST",route="/api/sync",status="200"}'),
    ).toBe(4);
    expect(grew('fieldsync_http_response_bytes_total', '{route="/api/sync"}')).toBeGreaterThan(0);
    // Route patterns, never raw URLs with ids.
    expect(after).not.toMatch(/route="\/api\/photos\/uploads\/[0-9a-f-]{36}/);
  });

  it('answers only this computer without a token; with a token, only its bearer', async () => {
    const open = await createServerApp({ database: photo.server.database });
    const guarded = await createServerApp({ database: photo.server.database, metricsToken: 'metrics-secret-123' });
    try {
      expect((await open.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
      expect((await open.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
      expect((await guarded.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
      const wrong = { authorization: 'Bearer metrics-secret-124' };
      expect((await guarded.inject({ url: '/metrics', headers: wrong })).statusCode).toBe(401);
      const right = { authorization: 'Bearer metrics-secret-123' };
      const ok = await guarded.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: right });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('# TYPE fieldsync_sync_requests_total counter');
    } finally {
      await open.close();
      await guarded.close();
    }
  });
});
