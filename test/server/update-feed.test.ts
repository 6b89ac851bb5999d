/**
 * The update feed (src/server/routes/update-feed-routes.ts) as electron-updater uses it: whole files,
 * single ranges, validators, refusals, and a real differential download by electron-updater's own
 * downloader against blockmaps made by electron-builder's own blockmap builder.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_FEED_PREFIX, updateFeedPlugin } from '../../src/server/routes/update-feed-routes.js';
import type { ServerPlugin } from '../../src/server/server-context.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const require = createRequire(import.meta.url);
const { buildBlockMap } = require('app-builder-lib/out/targets/blockmap/blockmap.js') as {
  buildBlockMap(file: string, format: 'gzip', outFile: string): Promise<{ size: number; sha512: string }>;
};
const { GenericDifferentialDownloader } =
  require('electron-updater/out/differentialDownloader/GenericDifferentialDownloader.js') as {
    GenericDifferentialDownloader: new (
      info: { size: number; sha512: string },
      executor: unknown,
      options: Record<string, unknown>,
    ) => { download(oldMap: unknown, newMap: unknown): Promise<void> };
  };
const { NodeHttpExecutor } = require('builder-util/out/nodeHttpExecutor.js') as {
  NodeHttpExecutor: new () => unknown;
};
const { CancellationToken } = require('builder-util-runtime') as { CancellationToken: new () => unknown };

/** Bytes and requests the server answered under /updates/, by file. */
interface Served {
  readonly bytes: Map<string, number>;
  readonly requests: { url: string; status: number; range: string | undefined }[];
}
function meter(served: Served): ServerPlugin {
  return {
    name: 'meter',
    public: (app) => {
      app.addHook('onSend', async (request, reply, payload) => {
        if (!request.url.startsWith(UPDATE_FEED_PREFIX)) return payload;
        const file = request.url.slice(UPDATE_FEED_PREFIX.length);
        const length = Number(reply.getHeader('content-length') ?? 0);
        served.bytes.set(file, (served.bytes.get(file) ?? 0) + (request.method === 'HEAD' ? 0 : length));
        served.requests.push({ url: request.url, status: reply.statusCode, range: request.headers.range });
        return payload;
      });
    },
  };
}

/** A stand-in installer: incompressible like a real one (LZMA output), deterministic per seed. */
function installerBytes(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha512').update(seed).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash('sha512').update(block).digest();
  }
  return out;
}

const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

let server: TestServer;
let folder: string;
const served: Served = { bytes: new Map(), requests: [] };
const oldInstaller = installerBytes(4 * 1024 * 1024, 'fieldsync 0.1.0');
// Version 0.2.0 changes 96 KiB in the middle and inserts 40 KiB further on: most blocks are unchanged.
const newInstaller = Buffer.concat([
  oldInstaller.subarray(0, 1_500_000),
  installerBytes(96 * 1024, 'changed'),
  oldInstaller.subarray(1_500_000 + 96 * 1024, 3_000_000),
  installerBytes(40 * 1024, 'inserted'),
  oldInstaller.subarray(3_000_000),
]);
const latestYml = `version: 0.2.0\nfiles:\n  - url: Fieldsync-Setup-0.2.0.exe\n    sha512: ${sha512(newInstaller)}\n    size: ${newInstaller.length}\npath: Fieldsync-Setup-0.2.0.exe\nsha512: ${sha512(newInstaller)}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'fieldsync-updates-'));
  writeFileSync(join(folder, 'Fieldsync-Setup-0.2.0.exe'), newInstaller);
  await buildBlockMap(
    join(folder, 'Fieldsync-Setup-0.2.0.exe'),
    'gzip',
    join(folder, 'Fieldsync-Setup-0.2.0.exe.blockmap'),
  );
  writeFileSync(join(folder, 'latest.yml'), latestYml);
  writeFileSync(join(folder, '.env'), 'SECRET=1');
  writeFileSync(join(folder, 'notes.txt'), 'not part of a release');
  server = await startTestServer({ seed: 'none', plugins: [meter(served), updateFeedPlugin(folder)] });
});

afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

const get = (file: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${server.url}${UPDATE_FEED_PREFIX}${file}`, { method, headers });

describe('GET /updates/<file>', () => {
  it('serves latest.yml whole, with a validator, revalidated at every check, and 304 when unchanged', async () => {
    const res = await get('latest.yml', { 'accept-encoding': 'identity' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(latestYml);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^(W\/)?".+"$/);
    expect(res.headers.get('last-modified')).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // Over the wire without fetch: the Fetch standard adds `Cache-Control: no-cache` to a request that
    // carries a validator, which rightly forces a full answer; the updater's HTTP client does not.
    const again = await server.app.inject({
      url: `${UPDATE_FEED_PREFIX}latest.yml`,
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('serves a single range of the installer as 206 with its Content-Range, never compressed', async () => {
    const res = await get('Fieldsync-Setup-0.2.0.exe', { range: 'bytes=1000-1999', 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${newInstaller.length}`);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(newInstaller.subarray(1000, 2000));
    const tail = await get('Fieldsync-Setup-0.2.0.exe', { range: 'bytes=-100' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(newInstaller.subarray(-100));
  });

  it('answers If-Range: the range while the file is the same, the whole file once it changed', async () => {
    const head = await get('Fieldsync-Setup-0.2.0.exe', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(newInstaller.length));
    expect(head.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const lastModified = head.headers.get('last-modified') ?? '';
    const same = await get('Fieldsync-Setup-0.2.0.exe', { range: 'bytes=0-9', 'if-range': lastModified });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const stale = await get('Fieldsync-Setup-0.2.0.exe', {
      range: 'bytes=0-9',
      'if-range': 'Thu, 01 Jan 2015 00:00:00 GMT',
    });
    expect(stale.status).toBe(200);
    // A whole installer is never gzipped on the fly: it keeps the Content-Length the updater's progress needs.
    expect(stale.headers.get('content-encoding')).toBeNull();
    expect(stale.headers.get('content-length')).toBe(String(newInstaller.length));
    expect((await stale.arrayBuffer()).byteLength).toBe(newInstaller.length);
  });

  it('refuses a range past the end with 416', async () => {
    const res = await get('Fieldsync-Setup-0.2.0.exe', { range: `bytes=${newInstaller.length + 10}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${newInstaller.length}`);
  });

  it('serves the blockmap whole and in ranges', async () => {
    const onDisk = readFileSync(join(folder, 'Fieldsync-Setup-0.2.0.exe.blockmap'));
    const whole = await get('Fieldsync-Setup-0.2.0.exe.blockmap', { 'accept-encoding': 'identity' });
    expect(whole.status).toBe(200);
    const body = Buffer.from(await whole.arrayBuffer());
    expect(body).toEqual(onDisk);
    expect(JSON.parse(gunzipSync(body).toString('utf8'))).toMatchObject({ version: '2', files: [expect.any(Object)] });
    const part = await get('Fieldsync-Setup-0.2.0.exe.blockmap', { range: 'bytes=10-29' });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(onDisk.subarray(10, 30));
  });

  it('serves a release dropped in the folder after the server started', async () => {
    writeFileSync(join(folder, 'Fieldsync-Setup-0.3.0.exe'), 'later');
    const res = await get('Fieldsync-Setup-0.3.0.exe');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('later');
  });

  it.each([
    ['a missing release', 'Fieldsync-Setup-9.9.9.exe'],
    ['a dotfile', '.env'],
    ['a file that is not part of a release', 'notes.txt'],
    ['a path out of the folder', '..%2Fpackage.json'],
    ['a path out of the folder, unencoded', '../package.json'],
    ['a subfolder', 'sub/latest.yml'],
    ['the folder itself (no listing)', ''],
  ])('answers 404 for %s', async (_what, file) => {
    const res = await get(file);
    expect(res.status).toBe(404);
    await res.arrayBuffer();
  });
});

describe('a differential update through the feed', () => {
  it("electron-updater's downloader rebuilds the new installer from the old one, fetching only changed blocks", async () => {
    const work = mkdtempSync(join(tmpdir(), 'fieldsync-differential-'));
    try {
      const oldFile = join(work, 'installed.exe');
      writeFileSync(oldFile, oldInstaller);
      await buildBlockMap(oldFile, 'gzip', `${oldFile}.blockmap`);
      served.bytes.clear();
      served.requests.length = 0;
      const newMap = JSON.parse(
        gunzipSync(Buffer.from(await (await get('Fieldsync-Setup-0.2.0.exe.blockmap')).arrayBuffer())).toString(),
      );
      const oldMap = JSON.parse(gunzipSync(readFileSync(`${oldFile}.blockmap`)).toString());
      const progress: number[] = [];
      const downloader = new GenericDifferentialDownloader(
        { size: newInstaller.length, sha512: sha512(newInstaller) },
        new NodeHttpExecutor(),
        {
          newUrl: new URL(`${server.url}${UPDATE_FEED_PREFIX}Fieldsync-Setup-0.2.0.exe`),
          oldFile,
          newFile: join(work, 'update.exe'),
          logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
          requestHeaders: {},
          // As the app configures it (app-updater.ts): one range per request, so progress is reported.
          isUseMultipleRangeRequest: false,
          cancellationToken: new CancellationToken(),
          onProgress: (p: { transferred: number }) => progress.push(p.transferred),
        },
      );
      await downloader.download(oldMap, newMap);
      // The downloader checks the result's SHA-512 itself; the bytes are the new installer's.
      expect(readFileSync(join(work, 'update.exe')).equals(newInstaller)).toBe(true);
      const sent = served.bytes.get('Fieldsync-Setup-0.2.0.exe') ?? 0;
      const changed = 96 * 1024 + 40 * 1024;
      // Only the blocks around the two changes travel. Blocks are content-defined (8 to 32 KiB), so a
      // change also costs the blocks it touches and those until the chunker finds its old boundaries.
      expect(sent).toBeGreaterThanOrEqual(changed);
      expect(sent).toBeLessThan(changed + 8 * 32 * 1024);
      expect(sent / newInstaller.length).toBeLessThan(0.1);
      const installerRequests = served.requests.filter((r) => r.url.endsWith('.exe'));
      expect(installerRequests.every((r) => r.status === 206 && /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(true);
      expect(progress.length).toBeGreaterThan(0);
      console.log(
        `differential update: ${sent} of ${newInstaller.length} bytes sent (${((100 * sent) / newInstaller.length).toFixed(1)} %) in ${installerRequests.length} range requests`,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
