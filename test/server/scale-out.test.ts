import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoApi } from '../../src/main/photos/upload/photo-api.js';
import { ServerConnection } from '../../src/main/sync/server-connection.js';
import { queryRows } from '../../src/server/db/server-database.js';
import { MIN_PART_SIZE, partCountFor, partRange } from '../../src/shared/protocol/photos.js';
import type { OpResult, PushOp, SyncRequest, SyncResponse } from '../../src/shared/protocol/sync.js';
import { startS3 } from '../photos/support/s3rver.js';
import { type DemoUser, startTestServer, type TestServer } from '../support/test-server.js';
import { create, update, visitFields } from './helpers/records.js';

/**
 * Three server processes on one PostgreSQL (this test's in-process server and two `npm run server`
 * processes), clients sending each request to the next instance in turn, all writing at once: every
 * client's incremental state ends exactly equal to a fresh full pull, and no change reaches a client
 * twice — cursors, sessions and stamps hold across processes.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });

/** Starts `src/server/main.ts` on the shared database; resolves with its URL once it listens. */
async function startProcess(
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/server/main.ts', '--port', String(port), '--data-dir', dataDir, '--quiet'],
    { cwd: ROOT, env: { ...process.env, ...env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`server process did not start: ${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Fieldsync server on')) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => fail(new Error(`server process exited ${code}: ${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Client {
  readonly user: DemoUser;
  readonly clientId: string;
  token: string;
  cursors: Record<string, string>;
  /** collection → id → version, as this client knows it. */
  readonly state: Map<string, Map<string, number>>;
  /** `collection id version` of every change pulled, to catch one delivered twice. */
  readonly seen: Set<string>;
  duplicates: string[];
  readonly mine: { id: string; version: number }[];
}

const describePg = process.env.TEST_DATABASE_URL ? describe : describe.skip;
if (!process.env.TEST_DATABASE_URL)
  console.warn('scale-out test skipped: set TEST_DATABASE_URL to run it on PostgreSQL');

describePg('three server processes on one PostgreSQL', () => {
  let server: TestServer;
  const children: ChildProcess[] = [];
  let urls: string[] = [];
  let dataDir: string;
  let schools: { id: string; version: number }[] = [];
  let turn = 0;

  beforeAll(async () => {
    // Commits through this instance are slow (held 150 ms after stamping, under the feed lock), so the
    // other processes' writes and reads run while one is pending: the late-commit case cursors must survive.
    server = await startTestServer({
      seed: 'tiny',
      database: 'postgres',
      hooks: { beforeCommit: () => new Promise((done) => setTimeout(done, 150)) },
    });
    dataDir = mkdtempSync(join(tmpdir(), 'fieldsync-scale-'));
    // One data folder for both processes: the data-dir blob store must be shared storage across instances.
    const others = await Promise.all([1, 2].map(() => startProcess(server.databaseUrl ?? '', join(dataDir, 'shared'))));
    children.push(...others.map((o) => o.child));
    urls = [server.url, ...others.map((o) => o.url)];
    const districtOne = server.facts?.demo.districts.find((d) => d.name === 'District 1')?.id ?? '';
    schools = await queryRows<{ id: string; version: number }>(
      server.db,
      sql`SELECT id::text AS id, version::int AS version FROM schools WHERE district_id = ${districtOne}::uuid AND NOT deleted`,
    );
  }, 300_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The next instance in turn: every request of every client goes round the three. */
  const next = () => urls[turn++ % urls.length] as string;
  const post = async (path: string, token: string | null, body: unknown) => {
    const res = await fetch(`${next()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  const sync = (client: Client, request: SyncRequest) =>
    post('/api/sync', client.token, request) as Promise<SyncResponse>;

  const take = (client: Client, page: SyncResponse) => {
    for (const change of page.changes) {
      const known = client.state.get(change.collection) ?? new Map<string, number>();
      client.state.set(change.collection, known);
      for (const item of change.items) {
        const key = `${change.collection} ${item.id} ${item.version}`;
        if (client.seen.has(key)) client.duplicates.push(key);
        client.seen.add(key);
        known.set(item.id, Math.max(known.get(item.id) ?? 0, item.version));
      }
    }
    client.cursors = page.cursors;
  };
  const remember = (client: Client, ops: readonly PushOp[], results: readonly OpResult[]) => {
    results.forEach((result, i) => {
      const op = ops[i];
      if (!op) return;
      const collection = op.entity === 'schoolVisit' ? 'school-visits' : 'schools';
      const known = client.state.get(collection) ?? new Map<string, number>();
      client.state.set(collection, known);
      if (result.status === 'applied' || result.status === 'duplicate') {
        known.set(result.id, Math.max(known.get(result.id) ?? 0, result.version));
        if (op.entity === 'schoolVisit') {
          const own = client.mine.find((m) => m.id === result.id);
          if (own) own.version = result.version;
          else client.mine.push({ id: result.id, version: result.version });
        }
      } else if (result.status === 'conflict') {
        known.set(result.id, Math.max(known.get(result.id) ?? 0, result.server.version));
      }
    });
  };
  const syncToEnd = async (client: Client, push: PushOp[] = []) => {
    let ops = push;
    for (let round = 0; round < 1_000; round++) {
      const page = await sync(client, { cursors: client.cursors, clientId: client.clientId, push: ops, limit: 150 });
      remember(client, ops, page.results);
      ops = [];
      take(client, page);
      if (!page.hasMore) return;
    }
    throw new Error('sync did not end');
  };
  /** What a new device of this user would get: a full pull, no clientId, through the instances in turn. */
  const fresh = async (client: Client) => {
    const view: Client = {
      ...client,
      clientId: randomUUID(),
      cursors: {},
      state: new Map(),
      seen: new Set(),
      mine: [],
    };
    view.token = ((await post('/api/auth/login', null, server.users[client.user])) as { token: string }).token;
    await syncToEnd(view);
    return view.state;
  };

  it('clients alternating between instances while all write end exactly converged, nothing twice', async () => {
    const users: DemoUser[] = ['demo', 'demo', 'demo', 'demo', 'district', 'district'];
    const clients: Client[] = [];
    for (const user of users) {
      const { token } = (await post('/api/auth/login', null, server.users[user])) as { token: string };
      clients.push({
        user,
        clientId: randomUUID(),
        token,
        cursors: {},
        state: new Map(),
        seen: new Set(),
        duplicates: [],
        mine: [],
      });
    }
    await Promise.all(clients.map((client) => syncToEnd(client)));

    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;
    for (let round = 0; round < 8; round++) {
      await Promise.all(
        clients.map(async (client, n) => {
          const school = pick(schools);
          const ops: PushOp[] = [create('schoolVisit', visitFields(school.id))];
          const own = client.mine.at(-1);
          if (own) ops.push(update('schoolVisit', own.id, own.version, { monitorName: `Round ${round} by ${n}` }));
          const shared = pick(schools);
          const version = client.state.get('schools')?.get(shared.id) ?? shared.version;
          ops.push(update('school', shared.id, version, { headTeacher: `Head ${round}.${n}` }));
          await syncToEnd(client, ops);
        }),
      );
    }
    await Promise.all(clients.map((client) => syncToEnd(client)));

    for (const client of clients) {
      expect(client.duplicates, `${client.user} ${client.clientId}`).toEqual([]);
      const truth = await fresh(client);
      for (const [collection, records] of truth) {
        expect(client.state.get(collection) ?? new Map(), `${client.user}: ${collection}`).toEqual(records);
      }
      expect(client.mine.length).toBe(8);
    }
    // Every create of every client is on the server once, at the version its client last saw applied.
    const visits = await queryRows<{ id: string; version: number }>(
      server.db,
      sql`SELECT id::text AS id, version::int AS version FROM school_visits`,
    );
    const onServer = new Map(visits.map((v) => [v.id, v.version]));
    for (const client of clients) for (const own of client.mine) expect(onServer.get(own.id)).toBe(own.version);
  }, 600_000);
  /**
   * One upload session through two processes: created on A, each part's URL asked on one and its bytes
   * sent through the other, acknowledged and completed on B; A then knows the photo.
   */
  const uploadAcross = async (instanceUrls: readonly string[]) => {
    const { token } = (await post('/api/auth/login', null, server.users.demo)) as { token: string };
    const [apiA, apiB] = instanceUrls.map((url) => new PhotoApi(new ServerConnection({ baseUrl: url, token })));
    if (!apiA || !apiB) throw new Error('two server processes expected');
    const [visit] = await queryRows<{ id: string }>(
      server.db,
      sql`SELECT id::text AS id FROM school_visits WHERE organisation_scope = ${server.facts?.demo.organisationId}::uuid AND NOT deleted LIMIT 1`,
    );
    const bytes = randomBytes(MIN_PART_SIZE + 70_000);
    // Random, but a JPEG by its first bytes: the server keeps only bytes of the declared type.
    bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = join(dataDir, `photo-${sha256.slice(0, 8)}.jpg`);
    writeFileSync(file, bytes);

    const created = await apiA.createUpload({
      sha256,
      size: bytes.length,
      mimeType: 'image/jpeg',
      schoolVisitId: visit?.id ?? '',
    });
    if (!created.ok || created.value.status !== 'open') throw new Error(JSON.stringify(created));
    const session = created.value.session;
    const parts = partCountFor(bytes.length, session.partSize);
    expect(parts).toBe(2);
    for (let n = 1; n <= parts; n++) {
      // Each part's URL from one process, its bytes to the other, its acknowledgement to the first.
      const [askedOn, sentTo] = n % 2 ? [apiB, apiA] : [apiA, apiB];
      const urlsOf = await askedOn.partUrls(session.uploadId, [n]);
      if (!urlsOf.ok || !urlsOf.value[0]) throw new Error(JSON.stringify(urlsOf));
      const { start, end } = partRange(bytes.length, session.partSize, n);
      const etag = await sentTo.putPart(urlsOf.value[0], { path: file, start, end });
      if (!etag.ok) throw new Error(JSON.stringify(etag));
      if (session.ackRequired)
        expect((await askedOn.ackPart(session.uploadId, n, etag.value, end - start)).ok).toBe(true);
    }
    expect((await apiB.getUpload(session.uploadId)).ok).toBe(true);
    const completed = await apiB.complete(session.uploadId);
    expect(completed.ok).toBe(true);
    expect(await apiA.exists(sha256)).toEqual({ ok: true, value: true });
    return session;
  };

  it('a photo upload session started on one process takes parts and completes on the others (shared blob folder)', async () => {
    // The two `npm run server` processes mount the photo API (this test's in-process server does not).
    const session = await uploadAcross(urls.slice(1));
    expect(session.ackRequired).toBe(false);
  }, 120_000);

  it('in S3 mode the same holds with no shared folder: each process its own data folder, one bucket', async () => {
    const s3 = await startS3('fieldsync-photos');
    const started: ChildProcess[] = [];
    try {
      const env = {
        PHOTO_S3_BUCKET: 'fieldsync-photos',
        PHOTO_S3_ENDPOINT: s3.endpoint,
        PHOTO_S3_REGION: 'us-east-1',
        PHOTO_S3_ACCESS_KEY_ID: 'S3RVER',
        PHOTO_S3_SECRET_ACCESS_KEY: 'S3RVER',
      };
      const pair = await Promise.all(
        ['s3-a', 's3-b'].map((name) => startProcess(server.databaseUrl ?? '', join(dataDir, name), env)),
      );
      started.push(...pair.map((p) => p.child));
      // Parts go straight to the bucket through presigned URLs (acknowledged with their ETags): the
      // processes hold no part bytes.
      const session = await uploadAcross(pair.map((p) => p.url));
      expect(session.ackRequired).toBe(true);
    } finally {
      for (const child of started) child.kill('SIGTERM');
      await s3.close();
    }
  }, 240_000);
});
