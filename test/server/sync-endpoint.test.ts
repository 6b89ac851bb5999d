import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { WireRecord } from '../../src/shared/protocol/records.js';
import type { SyncResponse } from '../../src/shared/protocol/sync.js';
import { syncResponseSchema } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { getPage, pullAll, syncToEnd } from './helpers/pull.js';
import { create, remove, schoolFields, teacherFields, update } from './helpers/records.js';

/** Sends raw HTTP/1.1 and counts every byte both ways (headers included). */
async function wireBytes(url: string, request: string): Promise<{ sent: number; received: number; response: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? Number.NaN);
      if (end >= 0 && text.length >= end + 4 + length) {
        socket.end();
        resolve({ sent: Buffer.byteLength(request), received: Buffer.concat(chunks).length, response: text });
      }
    });
    socket.on('error', reject);
  });
}

/** A POST whose response body is kept exactly as it came over the wire (fetch would decode it). */
function rawPost(url: string, token: string, body: string, encoding: string) {
  return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': encoding },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(testDatabases)('POST /api/sync (%s)', (database) => {
  let server: TestServer;
  let district: string;
  const clientId = randomUUID();

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    district = server.facts?.demo.districts[0]?.id ?? '';
  });
  afterAll(() => server?.close());

  it('pages a full sync under a record cap, parents always before children', async () => {
    const responses = await syncToEnd(server, 'demo', { cursors: {}, limit: 37, clientId });
    expect(responses.length).toBeGreaterThan(5);
    const seen = new Map<string, Set<string>>(entityGraph.ordered.map((d) => [d.name, new Set()]));
    for (const response of responses) {
      syncResponseSchema.parse(response);
      expect(response.changes.reduce((n, c) => n + c.items.length, 0)).toBeLessThanOrEqual(37);
      const order = response.changes.map((c) => entityGraph.ordered.findIndex((d) => d.collection === c.collection));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const { collection, items } of response.changes) {
        const def = entityGraph.byCollection.get(collection);
        if (!def) throw new Error(collection);
        for (const item of items) {
          for (const ref of def.refs) {
            const parent = item[ref.field];
            if (parent) expect(seen.get(ref.entity)?.has(String(parent)), `${collection}.${ref.field}`).toBe(true);
          }
          seen.get(def.name)?.add(item.id);
        }
      }
    }
    const total = [...seen.values()].reduce((n, s) => n + s.size, 0);
    expect(total).toBe(server.facts?.demo.total);
    expect(responses.at(-1)?.hasMore).toBe(false);
  });

  it('answers an up-to-date client in one small request (≤ 1.5 KB both ways, headers included)', async () => {
    const [last] = (await syncToEnd(server, 'demo', { cursors: {}, clientId })).slice(-1);
    const { token } = await server.login('demo');
    const body = JSON.stringify({ cursors: last?.cursors, push: [], clientId });
    const request =
      `POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nAccept-Encoding: gzip, br\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: keep-alive\r\n\r\n${body}`;
    const wire = await wireBytes(server.url, request);
    expect(wire.response).toMatch(/^HTTP\/1.1 200/);
    expect(wire.sent + wire.received).toBeLessThanOrEqual(1536);
    const response = await server.sync('demo', { cursors: last?.cursors ?? {}, clientId });
    expect(response).toMatchObject({ results: [], changes: [], hasMore: false, cursors: last?.cursors });
  });

  it('brings a typical incremental sync (pushes and remote edits) in one request, without echoing own writes', async () => {
    const [base] = (await syncToEnd(server, 'demo', { cursors: {}, clientId })).slice(-1);
    const school = create('school', schoolFields(district));
    const remote = Array.from({ length: 20 }, () => create('teacher', teacherFields(school.id)));
    await server.writeAs({}, [school, ...remote]);
    const mine = create('teacher', teacherFields(school.id));
    const response = await server.sync('demo', { cursors: base?.cursors ?? {}, push: [mine], clientId });
    expect(response.results).toEqual([expect.objectContaining({ opId: mine.opId, status: 'applied', version: 1 })]);
    expect(response.hasMore).toBe(false);
    const teachers = response.changes.find((c) => c.collection === 'teachers')?.items ?? [];
    expect(teachers.map((t) => t.id).sort()).toEqual(remote.map((op) => op.id).sort());
    expect(response.changes.find((c) => c.collection === 'schools')?.items).toHaveLength(1);

    // Its own write is not sent back, but another client's later edit of that record is.
    const next = await server.sync('demo', { cursors: response.cursors, clientId });
    expect(next.changes).toEqual([]);
    await server.writeAs({}, [update('teacher', mine.id, 1, { lastName: 'Edited elsewhere' })]);
    const after = await server.sync('demo', { cursors: next.cursors, clientId });
    expect(after.changes).toEqual([
      { collection: 'teachers', items: [expect.objectContaining({ id: mine.id, version: 2 })] },
    ]);
  });

  it.each([
    ['gzip', (b: Buffer) => gunzipSync(b)],
    ['br', (b: Buffer) => brotliDecompressSync(b)],
  ])('compresses a large response with %s when the client accepts it', async (encoding, decode) => {
    const { token } = await server.login('demo');
    const res = await rawPost(`${server.url}/api/sync`, token, JSON.stringify({ cursors: {} }), encoding);
    expect(res.headers['content-encoding']).toBe(encoding);
    const wire = res.body;
    const plain = decode(wire);
    expect(wire.length).toBeLessThan(plain.length / 4);
    const decoded = JSON.parse(plain.toString('utf8')) as SyncResponse;
    expect(decoded.changes.flatMap((c) => c.items as WireRecord[]).length).toBeGreaterThan(100);
  });

  it('reads only the collections a request names, and answers with their cursors only', async () => {
    const [base] = (await syncToEnd(server, 'demo', { cursors: {}, clientId })).slice(-1);
    const school = create('school', schoolFields(district));
    await server.writeAs({}, [school, create('teacher', teacherFields(school.id))]);
    const cursors = { teachers: base?.cursors.teachers ?? null };
    const only = await server.sync('demo', { cursors, collections: ['teachers'], clientId });
    expect(Object.keys(only.cursors)).toEqual(['teachers']);
    expect(only.changes.map((c) => c.collection)).toEqual(['teachers']);
    // Without `collections`, absent cursors still mean "from the beginning".
    const all = await server.sync('demo', { cursors, clientId, limit: 5 });
    expect(Object.keys(all.cursors)).toHaveLength(entityGraph.ordered.length);
    expect(all.changes[0]?.collection).toBe('organisations');

    const unknown = await server.request('demo', 'POST', '/api/sync', {
      cursors: {},
      collections: ['schools', 'pupils'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'collections.1' } });
  });

  it('sends plain JSON to a client that does not accept compression', async () => {
    const { token } = await server.login('demo');
    const res = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': 'identity' },
      body: JSON.stringify({ cursors: {} }),
    });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(syncResponseSchema.safeParse(await res.json()).success).toBe(true);
  });

  it('serves seed-compatible delta reads: the Dart client’s ISO time, tombstones, then cursors', async () => {
    // `DateTime(2020).toIso8601String()` has no offset: read as UTC.
    const first = await getPage(server, 'demo', 'schools', '2020-01-01T00:00:00.000', 3);
    expect(first.items).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const rest = await pullAll(server, 'demo', 'schools', first.nextCursor);
    const school = create('school', schoolFields(district));
    await server.writeAs({}, [school]);
    await server.writeAs({}, [remove('school', school.id, 1)]);
    const delta = await getPage(server, 'demo', 'schools', rest.cursor);
    expect(delta.items).toEqual([{ id: school.id, version: 2, updatedAt: expect.any(String), deleted: true }]);
    const future = await getPage(server, 'demo', 'schools', '2999-01-01T00:00:00Z');
    expect(future).toMatchObject({ items: [], hasMore: false });
  });
});
