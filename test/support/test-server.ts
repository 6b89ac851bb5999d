/**
 * A real sync server on 127.0.0.1 with its own fresh database, for tests of the server, the sync
 * engine and the UI. PGlite by default; PostgreSQL (a uniquely named database created from
 * `TEST_DATABASE_URL`, dropped on close) when asked for.
 *
 *   const server = await startTestServer({ seed: 'tiny' });
 *   const { token } = await server.login('district');
 *   await server.writeAs({ user: 'demo' }, [{ opId, entity: 'school', id, baseVersion: 1, changes: { name } }]);
 *   await server.close();
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { DEFAULT_LOGIN_LIMITS } from '../../src/server/auth/login-guard.js';
import { createServerApp } from '../../src/server/create-server-app.js';
import { openServerDatabase } from '../../src/server/db/open-server-database.js';
import type { ServerDatabase, ServerDb } from '../../src/server/db/server-database.js';
import { createScopeModel } from '../../src/server/scope/scope-model.js';
import { DEMO_USERS, seedDemo } from '../../src/server/seed/seed-demo.js';
import type { ServerPlugin } from '../../src/server/server-context.js';
import type { ServerLimits } from '../../src/server/server-limits.js';
import type { WriteHooks } from '../../src/server/sync/write-transaction.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { type DeploymentProfile, deploymentFacts } from '../../src/shared/fixtures/index.js';
import type { LoginResponse } from '../../src/shared/protocol/auth.js';
import type { OpResult, PushOp, SyncRequest, SyncResponse } from '../../src/shared/protocol/sync.js';

export type TestDatabase = 'pglite' | 'postgres';
export type TestSeed = 'none' | DeploymentProfile;
export type DemoUser = keyof typeof DEMO_USERS;

/** `['pglite']`, plus `'postgres'` when `TEST_DATABASE_URL` is set: run server suites once per entry. */
export const testDatabases: TestDatabase[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestServerOptions {
  /** Default `tiny`. `none`: empty database, no users. Seeded servers have users demo, district, other. */
  readonly seed?: TestSeed;
  readonly database?: TestDatabase;
  readonly limits?: Partial<ServerLimits>;
  /** Server clock (default: real time); can also be changed later with `setClock`. */
  readonly now?: () => Date;
  /** Points where write transactions wait (cursor-exactness tests). */
  readonly hooks?: WriteHooks;
  readonly plugins?: readonly ServerPlugin[];
}

/** Ids and names of the seeded deployments (absent for `seed: 'none'`). */
export type DeploymentFacts = ReturnType<typeof deploymentFacts>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly database: ServerDatabase;
  /** Drizzle on the server's database, for direct reads and writes in tests. */
  readonly db: ServerDb;
  readonly kind: TestDatabase;
  /** The PostgreSQL database's URL (other server processes can share it); absent for PGlite. */
  readonly databaseUrl?: string;
  readonly users: typeof DEMO_USERS;
  readonly facts: { readonly demo: DeploymentFacts; readonly other: DeploymentFacts } | undefined;
  /** Signs a seeded user in over HTTP. */
  login(user: DemoUser): Promise<LoginResponse>;
  /** `POST /api/sync` as that user (signs in once per user and reuses the token); throws on non-2xx. */
  sync(user: DemoUser, request: SyncRequest): Promise<SyncResponse>;
  /**
   * Writes records as another client (default: user `demo`, the harness's own device), e.g. to make remote
   * changes or conflicts for the client under test. Returns the op results.
   */
  writeAs(who: { user?: DemoUser; clientId?: string }, ops: readonly PushOp[]): Promise<OpResult[]>;
  /** Authenticated request helper: returns status, headers and parsed JSON (if any). */
  request(
    user: DemoUser | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
  setClock(now: () => Date): void;
  /** Stops accepting connections (the database stays): the server is "down". */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop`. */
  start(): Promise<void>;
  /** `stop` then `start`: drops every open connection, keeps the data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const templates = new Map<string, Promise<Blob>>();

async function openDatabase(
  kind: TestDatabase,
  seed: TestSeed,
): Promise<{ database: ServerDatabase; drop: () => Promise<void>; databaseUrl?: string }> {
  if (kind === 'postgres') return openPostgres(seed);
  // PGlite's initdb takes seconds; clone a migrated, seeded template instead (< 1 s).
  let template = templates.get(seed);
  if (!template) {
    template = pgliteTemplate(seed);
    templates.set(seed, template);
  }
  const database = await openServerDatabase({ loadDataDir: await template });
  // A fresh epoch: cursors of one test server are never valid on another.
  await database.db.execute(sql`UPDATE feed_head SET epoch = substr(md5(random()::text), 1, 4)`);
  return { database, drop: async () => {} };
}

/** A hash of the seed and of everything that shapes a seeded database (16 hex digits). */
function templateHash(seed: TestSeed): string {
  const root = resolve(import.meta.dirname, '../..');
  const hash = createHash('sha256').update(seed);
  for (const dir of TEMPLATE_INPUTS) {
    for (const file of readdirSync(resolve(root, dir), { recursive: true, encoding: 'utf8' }).sort()) {
      const path = resolve(root, dir, file);
      if (statSync(path).isFile()) hash.update(file).update(readFileSync(path));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** Sources whose change makes a cached template stale. */
const TEMPLATE_INPUTS = ['drizzle/pg', 'src/shared/fixtures', 'src/shared/entities', 'src/server/seed'];

/**
 * A migrated, seeded PGlite data directory, cached on disk across test processes (vitest runs each
 * file in its own process) under a hash of everything that shapes it.
 */
async function pgliteTemplate(seed: TestSeed): Promise<Blob> {
  const cached = join(tmpdir(), `fieldsync-pglite-${seed}-${templateHash(seed)}.tar`);
  if (existsSync(cached)) return new Blob([readFileSync(cached)]);
  const database = await openServerDatabase();
  await seedIfAsked(database.db, seed);
  const blob = await database.pglite?.dumpDataDir('none');
  await database.close();
  if (!blob) throw new Error('PGlite did not dump its data directory');
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  renameSync(partial, cached);
  // Older templates (other sources) would pile up in the temp dir: keep the newest few per seed.
  const stale = readdirSync(tmpdir())
    .filter((file) => file.startsWith(`fieldsync-pglite-${seed}-`) && file.endsWith('.tar'))
    .map((file) => ({ path: join(tmpdir(), file), mtime: statSync(join(tmpdir(), file)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
    .slice(TEMPLATES_KEPT);
  for (const { path } of stale) rmSync(path, { force: true });
  return blob;
}

/**
 * Templates of other sources kept per seed: enough for several checkouts of different branches testing
 * at once on one PostgreSQL (each uses its own), without every migration change leaving a database behind.
 */
const TEMPLATES_KEPT = 8;

async function openPostgres(seed: TestSeed) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const name = `fieldsync_test_${process.pid}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await dropOrphans(admin);
  try {
    // A copy of a migrated, seeded template database: seeding each test's database anew took seconds.
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${await postgresTemplate(admin, url, seed)}"`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openServerDatabase({ databaseUrl: target.toString() });
  // A fresh epoch: cursors of one test server are never valid on another.
  await database.db.execute(sql`UPDATE feed_head SET epoch = substr(md5(random()::text), 1, 4)`);
  const drop = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
  return { database, drop, databaseUrl: target.toString() };
}

/**
 * The name of a migrated, seeded PostgreSQL database to copy, made once per seed and sources (kept across
 * runs, like PGlite's template files). Test processes build it one at a time under an advisory lock, under
 * another name renamed when complete, so a process that dies half-way leaves no half-seeded template.
 */
async function postgresTemplate(admin: pg.Client, url: string, seed: TestSeed): Promise<string> {
  const name = `fieldsync_tpl_${seed}_${templateHash(seed)}`;
  const exists = async () =>
    ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  if (await exists()) return name;
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
  try {
    if (await exists()) return name;
    const building = `${name}_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
    await admin.query(`CREATE DATABASE "${building}"`);
    const target = new URL(url);
    target.pathname = `/${building}`;
    const database = await openServerDatabase({ databaseUrl: target.toString() });
    try {
      await seedIfAsked(database.db, seed);
    } finally {
      await database.close();
    }
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    await dropStaleTemplates(admin, seed);
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
  }
}

/**
 * Drops this seed's templates beyond the newest `TEMPLATES_KEPT` (their sources changed since), and
 * half-built ones whose builder died. A template being copied right now cannot be dropped (PostgreSQL
 * refuses while it is in use), so that attempt is skipped, not fatal.
 */
async function dropStaleTemplates(admin: pg.Client, seed: TestSeed): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY oid DESC',
    [`fieldsync\\_tpl\\_${seed}\\_%`],
  );
  const complete = rows.filter((row) => /^fieldsync_tpl_[a-z]+_[0-9a-f]{16}$/.test(row.datname));
  const orphans = rows.filter((row) => {
    const pid = Number(/_(\d+)$/.exec(row.datname)?.[1]);
    return !complete.includes(row) && Number.isInteger(pid) && !isAlive(pid);
  });
  for (const { datname } of [...complete.slice(TEMPLATES_KEPT), ...orphans]) {
    await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
  }
}

/** Drops test databases left by test processes that died before closing their servers. */
async function dropOrphans(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'fieldsync\\_test\\_%'",
  );
  for (const { datname } of rows) {
    const pid = Number(datname.split('_')[2]);
    if (Number.isInteger(pid) && !isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function seedIfAsked(db: ServerDb, seed: TestSeed): Promise<void> {
  if (seed === 'none') return;
  const { ensureFeedHead } = await import('../../src/server/sync/feed-head.js');
  await ensureFeedHead(db);
  await seedDemo(db, entityGraph, createScopeModel(entityGraph), seed);
}

/**
 * Suites sign in far more often than an officer (a client per schedule, one per kill of a crash run),
 * so test servers lift the per-minute sign-in counts; wrong-password lockouts stay as deployed.
 * login-limits.test.ts passes its own limits to test them.
 */
const TEST_LOGIN_LIMITS = { ...DEFAULT_LOGIN_LIMITS, perAddressPerMinute: 100_000, perUsernamePerMinute: 100_000 };

/** Starts a server with its own fresh database on 127.0.0.1 (a free port). */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const seed = options.seed ?? 'tiny';
  const kind = options.database ?? 'pglite';
  const { database, drop, databaseUrl } = await openDatabase(kind, seed);
  let clock = options.now ?? (() => new Date());
  const app = await createServerApp({
    database,
    now: () => clock(),
    limits: { login: TEST_LOGIN_LIMITS, ...options.limits },
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  // One session per user and device: a session is bound to the first clientId it syncs with.
  const tokens = new Map<string, Promise<string>>();
  /** A fixed device per user for `writeAs` without a clientId (never one a test's own client uses). */
  const harnessDevice = new Map<DemoUser, string>();

  const login = async (user: DemoUser): Promise<LoginResponse> => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_USERS[user]),
    });
    if (!res.ok) throw new Error(`login ${user}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as LoginResponse;
  };
  const tokenOf = (user: DemoUser, clientId = '') => {
    const key = `${user} ${clientId}`;
    let token = tokens.get(key);
    if (!token) {
      token = login(user).then((session) => session.token);
      token.catch(() => tokens.delete(key));
      tokens.set(key, token);
    }
    return token;
  };
  const requestAs = async (
    user: DemoUser | null,
    clientId: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${await tokenOf(user, clientId)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
  };
  const request: TestServer['request'] = (user, method, path, body) => requestAs(user, undefined, method, path, body);
  const sync = async (user: DemoUser, body: SyncRequest): Promise<SyncResponse> => {
    const res = await requestAs(user, body.clientId, 'POST', '/api/sync', body);
    if (res.status !== 200) throw new Error(`sync as ${user}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as SyncResponse;
  };
  const facts =
    seed === 'none'
      ? undefined
      : {
          demo: deploymentFacts({ profile: seed, organisation: 'demo' }),
          other: deploymentFacts({ profile: seed, organisation: 'other' }),
        };

  let listening = true;
  const server: TestServer = {
    url,
    port,
    app,
    database,
    db: database.db,
    kind,
    ...(databaseUrl ? { databaseUrl } : {}),
    users: DEMO_USERS,
    facts,
    login,
    sync,
    request,
    async writeAs(who, ops) {
      const user = who.user ?? 'demo';
      let clientId = who.clientId ?? harnessDevice.get(user);
      if (!clientId) {
        clientId = randomUUID();
        harnessDevice.set(user, clientId);
      }
      const response = await sync(user, { cursors: {}, push: ops, clientId, limit: 1 });
      return [...response.results];
    },
    setClock(now) {
      clock = now;
    },
    async stop() {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve, reject) => {
        app.server.close((error) => (error ? reject(error) : resolve()));
        app.server.closeAllConnections();
      });
    },
    async start() {
      if (listening) return;
      await new Promise<void>((resolve, reject) => {
        app.server.once('error', reject);
        app.server.listen({ host: '127.0.0.1', port }, () => {
          app.server.off('error', reject);
          resolve();
        });
      });
      listening = true;
    },
    async restart() {
      await server.stop();
      await server.start();
    },
    async close() {
      if (listening) app.server.closeAllConnections();
      await app.close();
      await database.close();
      await drop();
    },
  };
  return server;
}
