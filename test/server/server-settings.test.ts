import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/password-hash.js';
import {
  parseServerSettings,
  SERVER_SETTINGS,
  SettingError,
  serverHelp,
} from '../../src/server/config/server-settings.js';
import { demoUsersProblem, exposureProblem, isLoopback } from '../../src/server/config/startup-checks.js';
import { createServerApp } from '../../src/server/create-server-app.js';
import { users } from '../../src/server/db/schema/server-tables.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';

const root = join(import.meta.dirname, '..', '..');
const specs = Object.values(SERVER_SETTINGS);

describe('server settings: one declaration for flags, environment, --help and the docs', () => {
  it('--help and docs/SERVER.md list every flag and environment variable', () => {
    const help = serverHelp();
    const docs = readFileSync(join(root, 'docs', 'SERVER.md'), 'utf8');
    for (const spec of specs) {
      expect(help).toContain(`--${spec.flag}`);
      expect(help).toContain(spec.env);
      expect(docs, `docs/SERVER.md should list --${spec.flag}`).toContain(`--${spec.flag}`);
      expect(docs, `docs/SERVER.md should list ${spec.env}`).toContain(spec.env);
    }
  });

  it('a flag wins over its variable, the variable over the default', () => {
    expect(parseServerSettings([], {})).toMatchObject({ host: '127.0.0.1', port: 8787, uploadTtlHours: 24 });
    const env = { FIELDSYNC_PORT: '9000', FIELDSYNC_BEHIND_TLS_PROXY: 'yes', FIELDSYNC_LOG_LEVEL: 'warn' };
    expect(parseServerSettings([], env)).toMatchObject({ port: 9000, behindTlsProxy: true, logLevel: 'warn' });
    expect(parseServerSettings(['--port', '9100'], env)).toMatchObject({ port: 9100 });
    expect(parseServerSettings(['--quiet'], env)).toMatchObject({ logLevel: 'silent' });
    expect(parseServerSettings([], { DATABASE_URL: 'postgres://x@h/db' }).databaseUrl).toBe('postgres://x@h/db');
  });

  it.each([
    [['--port', 'eighty'], {}, '--port must be a port number from 0 to 65535, not "eighty"'],
    [[], { FIELDSYNC_PORT: '70000' }, 'FIELDSYNC_PORT must be a port number from 0 to 65535, not "70000"'],
    [['--profile', 'huge'], {}, '--profile must be one of reference, small, tiny, not "huge"'],
    [['--upload-ttl-hours=-1'], {}, '--upload-ttl-hours must be a positive number, not "-1"'],
    [[], { FIELDSYNC_BEHIND_TLS_PROXY: 'maybe' }, 'FIELDSYNC_BEHIND_TLS_PROXY must be true or false, not "maybe"'],
    [['--prot', '1'], {}, "Unknown option '--prot'"],
  ])('refuses %j %j naming the setting', (argv, env, message) => {
    expect(() => parseServerSettings(argv, env)).toThrow(SettingError);
    expect(() => parseServerSettings(argv, env)).toThrow(message);
  });
});

describe('refusing to serve a network unsafely', () => {
  it('knows loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.5', 'fieldsync.example.org']) {
      expect(isLoopback(host)).toBe(false);
    }
  });

  it('needs a TLS proxy in front of a non-loopback address, and never seeds the demo users there', () => {
    const settings = (argv: string[]) => parseServerSettings(argv, {});
    expect(exposureProblem(settings([]))).toBeUndefined();
    expect(exposureProblem(settings(['--seed', 'demo']))).toBeUndefined();
    expect(exposureProblem(settings(['--host', '0.0.0.0']))).toMatch(/without TLS .*--behind-tls-proxy/);
    expect(exposureProblem(settings(['--host', '0.0.0.0', '--behind-tls-proxy']))).toBeUndefined();
    expect(exposureProblem(settings(['--host', '0.0.0.0', '--behind-tls-proxy', '--seed', 'demo']))).toMatch(
      /--seed demo creates users with published passwords/,
    );
  });

  it('the command exits 2 with one line before touching the data folder; --help exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-settings-'));
    try {
      const dataDir = join(dir, 'data');
      const run = (args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: '' },
        });
      const open = run(['--host', '0.0.0.0', '--data-dir', dataDir]);
      expect(open.status).toBe(2);
      expect(open.stderr.trim().split('\n')).toHaveLength(1);
      expect(open.stderr).toMatch(/^fieldsync server: Listening on 0\.0\.0\.0 without TLS/);
      expect(existsSync(dataDir)).toBe(false);
      const bad = run(['--port', 'x']);
      expect([bad.status, bad.stderr.trim()]).toEqual([
        2,
        'fieldsync server: --port must be a port number from 0 to 65535, not "x"',
      ]);
      const help = run(['--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('--behind-tls-proxy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabases)('demo users and request ids (%s)', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
  });
  afterAll(() => server?.close());

  it('names the demo users that keep their published passwords until each is disabled or reset', async () => {
    expect(await demoUsersProblem(server.db)).toMatch(/The demo users demo, district, other still sign in/);
    await server.db.update(users).set({ disabled: true }).where(eq(users.username, 'demo'));
    const passwordHash = await hashPassword('a-long-new-password-7');
    await server.db.update(users).set({ passwordHash }).where(eq(users.username, 'other'));
    expect(await demoUsersProblem(server.db)).toMatch(/The demo users district still sign in/);
    await server.db
      .update(users)
      .set({ disabled: true })
      .where(inArray(users.username, ['district']));
    expect(await demoUsersProblem(server.db)).toBeUndefined();
  });

  it('every answer and log line carries the request id; a proxy’s well-formed id is kept, and its client address used', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = await createServerApp({
      database: server.database,
      logger: { level: 'info', stream },
      trustProxy: true,
    });
    try {
      const kept = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-request-id': 'proxy-1234abcd', 'x-forwarded-for': '203.0.113.7' },
        payload: { username: 'nobody', password: 'wrong-password' },
      });
      expect(kept.headers['x-request-id']).toBe('proxy-1234abcd');
      const ofRequest = lines.filter((l) => l.reqId === 'proxy-1234abcd');
      expect(ofRequest.length).toBeGreaterThanOrEqual(2);
      expect(ofRequest).toContainEqual(expect.objectContaining({ msg: 'failed login', address: '203.0.113.7' }));

      const forged = await app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-request-id': 'x\u0007'.repeat(40) },
      });
      expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const plain = await app.inject({ method: 'GET', url: '/api/health' });
      expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(plain.headers['x-request-id']).not.toBe(forged.headers['x-request-id']);
    } finally {
      await app.close();
    }
  });
});
