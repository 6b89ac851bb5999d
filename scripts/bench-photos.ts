/**
 * `npm run bench:photos [-- --photos 200 --mb 4 --link-photos 12 --review-photos 5000]`
 * Measures the photo pipeline on this machine: hashing MB/s, import (stage + thumbnail + EXIF) MB/s,
 * upload throughput on loopback (photos/s: issue 16 asks ≥ 50 for `--photos 5000 --mb 0.3`), link use through a proxy limited to 1.25 MB/s (goal ≥ 90 %), bytes
 * re-sent after a forced cut, and the client's peak RSS (goal ≤ 250 MB). The photo server runs in a
 * child process so the RSS is the client's alone.
 * First, the import screen's scan and review of a card of `--review-photos` small photos (issue 16:
 * 5,000): scan time, bytes of the scan's answer (outcome and first page) and of every page, of a
 * screenful of previews, and the app core's RSS peak during it (goal ≤ 300 MB; `--review-photos 0` skips it,
 * `--review-only` measures only it).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { inArray, notInArray } from 'drizzle-orm';
import sharp from 'sharp';
import { PhotoImportService } from '../src/main/photos/photo-import-service.js';
import { PhotoImporter } from '../src/main/photos/photo-importer.js';
import { createPhotoPipeline } from '../src/main/photos/photo-pipeline.js';
import { PhotoApi } from '../src/main/photos/upload/photo-api.js';
import { UploadQueue } from '../src/main/photos/upload/upload-queue.js';
import { type LocalStore, rawConnection } from '../src/main/store/local-store.js';
import { photoUploads } from '../src/main/store/schema/photo-tables.js';
import { ServerConnection } from '../src/main/sync/server-connection.js';
import { SCAN_PAGE_SIZE, THUMBNAILS_PER_CALL } from '../src/shared/ipc/schemas/photos.js';
import { noise } from '../test/photos/support/make-card.js';
import { photoTestStore, seedVisit } from '../test/photos/support/photo-test-db.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';

const { values } = parseArgs({
  options: {
    serve: { type: 'boolean' },
    'make-card': { type: 'string' },
    photos: { type: 'string', default: '200' },
    mb: { type: 'string', default: '4' },
    'link-photos': { type: 'string', default: '12' },
    'review-photos': { type: 'string', default: '5000' },
    /** Only the scan-and-review figure. */
    'review-only': { type: 'boolean' },
  },
});

/** Peak RSS (MB) after each phase, to see which phase sets the peak. */
const rssTrail: number[] = [];

if (values['make-card']) {
  // Child mode: writes the card, so generating it does not count in the client's RSS.
  await makeCard(values['make-card'], Number(values.photos), Number(values.mb) * 1_000_000);
} else if (values.serve) {
  // Child mode: a photo server on loopback; prints its URL and one visit id, exits when stdin closes.
  const { startPhotoServer } = await import('../test/photos/support/photo-server.js');
  const server = await startPhotoServer();
  console.log(JSON.stringify({ url: server.url, visit: server.visits.inDistrict, token: server.token('demo') }));
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  process.stdin.resume();
} else {
  await bench();
}

async function bench(): Promise<void> {
  const count = Number(values.photos);
  const target = Number(values.mb) * 1_000_000;
  const root = await mkdtemp(join(tmpdir(), 'fieldsync-bench-photos-'));
  const card = join(root, 'card');
  const figures: Record<string, unknown> = { photos: count, photoBytes: target };
  try {
    // First, while nothing else has grown the heap: its RSS peak is the scan and review's own.
    const reviewPhotos = Number(values['review-photos']);
    if (reviewPhotos > 0) figures.scanAndReview = await scanAndReview(root, reviewPhotos);
    if (values['review-only']) {
      console.log(JSON.stringify(figures.scanAndReview, null, 2));
      return;
    }
    await runChild(['--make-card', card, '--photos', String(count), '--mb', String(values.mb)]);
    const files = (await readdir(join(card, 'DCIM/100BENCH'))).map((f) => join(card, 'DCIM/100BENCH', f));
    const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
    const totalBytes = sizes.reduce((a, b) => a + b, 0);
    figures.photoBytes = Math.round(totalBytes / count);
    rss();

    let t = performance.now();
    for (const f of files) await hashFile(f);
    figures.hashMBps = mbps(totalBytes, performance.now() - t);
    rss();

    const ctx = await photoTestStore(join(root, 'app'));
    // The card's photos are all taken on the one visit's day: each import writes its record, library and upload rows.
    seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Bench', lat: null, lon: null });
    const importer = new PhotoImporter({ store: ctx.store, library: ctx.library });
    t = performance.now();
    const scan = await importer.scan(card);
    const commit = await importer.commit(scan);
    figures.importMBps = mbps(scan.bytesHashed, performance.now() - t);
    figures.imported = commit.imported.length;
    rss();
    const shas = commit.imported.map((i) => i.sha256);

    // Loopback upload of everything, 4 at a time.
    const loop = await serverChild();
    requeue(ctx.store, shas, loop.visit);
    let summary = await queue(ctx.store, ctx.library, loop.url, loop.token).run();
    figures.loopback = {
      ...summary,
      MBps: mbps(summary.bytesSent, summary.ms),
      // Issue 16's goal: ≥ 50 photos/s for 5,000 × 300 KB (`--photos 5000 --mb 0.3`).
      photosPerSecond: round(summary.uploaded / (summary.ms / 1000)),
    };
    await loop.close();
    rss();

    // Link use through a 1.25 MB/s proxy, on a subset (the whole card would take 11 minutes).
    const linkShas = shas.slice(0, Number(values['link-photos']));
    const slow = await serverChild();
    const limited = await startFaultProxy({
      target: { host: '127.0.0.1', port: Number(new URL(slow.url).port) },
      bytesPerSecond: 1_250_000,
    });
    requeue(ctx.store, linkShas, slow.visit);
    summary = await queue(ctx.store, ctx.library, limited.url, slow.token).run();
    const linkBytes = limited.stats().bytesUp + limited.stats().bytesDown;
    figures.link = {
      photos: linkShas.length,
      ...summary,
      linkUse: round(linkBytes / (summary.ms / 1000) / 1_250_000),
      payloadUse: round(summary.bytesSent / (summary.ms / 1000) / 1_250_000),
    };
    await limited.close();
    await slow.close();
    rss();

    // A forced cut in the middle of a loopback upload.
    const cutShas = shas.slice(0, 40);
    const cutServer = await serverChild();
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(cutServer.url).port) } });
    requeue(ctx.store, cutShas, cutServer.visit);
    const q = queue(ctx.store, ctx.library, proxy.url, cutServer.token);
    let cut = false;
    q.on((e) => {
      if (!cut && e.kind === 'photo-overall' && e.bytesAcked > e.bytesTotal * 0.4) {
        cut = true;
        proxy.cutAfter(1_000_000, 'up');
      }
    });
    summary = await q.run();
    const payload = cutShas.length * (sizes[0] ?? 0);
    figures.cut = { photos: cutShas.length, ...summary, bytesResent: summary.bytesSent - payload, cutFired: cut };
    await proxy.close();
    await cutServer.close();

    ctx.store.close();
    figures.clientPeakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    figures.peakRssAfterPhasesMB = rssTrail;
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * The import screen over a card of `count` photos of about 30 kB: `photos:scan`, then every
 * `photos:scanPage`, then one `photos:thumbnails` call, as the page asks them; each answer measured as
 * the JSON that crosses the IPC. The RSS is sampled every 20 ms during it.
 */
async function scanAndReview(root: string, count: number): Promise<Record<string, unknown>> {
  const card = join(root, 'review-card');
  await runChild(['--make-card', card, '--photos', String(count), '--mb', '0.03']);
  const ctx = await photoTestStore(join(root, 'review-app'));
  seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Bench', lat: null, lon: null });
  const pipeline = createPhotoPipeline({
    store: ctx.store,
    libraryDir: ctx.library.root,
    connection: new ServerConnection({ baseUrl: 'http://127.0.0.1:9', token: 'none' }),
  });
  const service = new PhotoImportService(pipeline);
  const bytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer));
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const t = performance.now();
    const scanned = await service.scan(card);
    const scanMs = Math.round(performance.now() - t);
    if (!scanned.ok) throw new Error(scanned.error.message);
    const { scanId, candidateCount } = scanned.value;
    let pageBytes = bytes(scanned);
    let pages = 1;
    const shas = scanned.value.candidates.map((c) => c.sha256);
    for (let offset = SCAN_PAGE_SIZE; offset < candidateCount; offset += SCAN_PAGE_SIZE) {
      const page = service.scanPage(scanId, offset, SCAN_PAGE_SIZE);
      pageBytes += bytes(page);
      pages++;
      if (page.ok) shas.push(...page.value.candidates.map((c) => c.sha256));
    }
    const review = performance.now();
    const ticked = service.review(scanId, shas.slice(0, 10), { kind: 'select' });
    const moved = service.review(scanId, shas.slice(0, 10), { kind: 'assign', schoolVisitId: null });
    const reviewMs = Math.round((performance.now() - review) * 10) / 10;
    const previews = await service.thumbnails(scanId, shas.slice(0, THUMBNAILS_PER_CALL));
    await service.discard(scanId);
    return {
      photos: candidateCount,
      scanMs,
      firstMessageBytes: bytes(scanned),
      allPagesBytes: pageBytes,
      pages,
      previewCallBytes: bytes(previews),
      previewsPerCall: THUMBNAILS_PER_CALL,
      tickAndMoveInMainMs: ticked.ok && moved.ok ? reviewMs : null,
      corePeakRssMB: Math.round(peak / 1_048_576),
    };
  } finally {
    clearInterval(sampler);
    ctx.store.close();
  }
}

function queue(
  store: LocalStore,
  library: ConstructorParameters<typeof UploadQueue>[0]['library'],
  baseUrl: string,
  token: string,
) {
  return new UploadQueue({
    store,
    library,
    api: new PhotoApi(new ServerConnection({ baseUrl, token })),
    backoff: { baseMs: 100, maxMs: 2000 },
  });
}

/** Queues exactly `shas` afresh, for a new server (the others are marked done). */
function requeue(store: LocalStore, shas: string[], visit: string): void {
  const { db } = rawConnection(store);
  db.update(photoUploads).set({ state: 'done' }).where(notInArray(photoUploads.sha256, shas)).run();
  db.update(photoUploads)
    .set({
      state: 'queued',
      schoolVisitId: visit,
      uploadId: null,
      partSize: null,
      partsDone: [],
      bytesAcked: 0,
      bytesSent: 0,
      attempts: 0,
    })
    .where(inArray(photoUploads.sha256, shas))
    .run();
}

async function makeCard(card: string, count: number, target: number): Promise<void> {
  const base = await basePhoto(target);
  await mkdir(join(card, 'DCIM/100BENCH'), { recursive: true });
  for (let i = 0; i < count; i++)
    await writeFile(join(card, `DCIM/100BENCH/IMG_${String(i).padStart(4, '0')}.JPG`), variant(base, i));
}

function runChild(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, ...args], { stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child ${args[0]} exited ${code}`))));
  });
}

/** A noise JPEG of about `target` bytes with a capture date, like a camera's. */
async function basePhoto(target: number): Promise<Buffer> {
  const encode = (edge: number) =>
    sharp(noise(edge, edge, 1), { raw: { width: edge, height: edge, channels: 3 } })
      .jpeg({ quality: 92 })
      .withExif({ IFD2: { DateTimeOriginal: '2024:03:05 10:00:00' } })
      .toBuffer();
  // Noise compresses about the same at any size: one trial encode tells the edge for the target size.
  const trial = await encode(512);
  return encode(Math.round(512 * Math.sqrt(target / trial.length)));
}

/** The base photo with a 16-byte JPEG comment segment after SOI: a distinct file, still a valid JPEG. */
function variant(base: Buffer, i: number): Buffer {
  const comment = Buffer.alloc(16);
  comment.writeUInt16BE(0xfffe, 0);
  comment.writeUInt16BE(14, 2);
  comment.write(`bench${String(i).padStart(7, '0')}`, 4, 'latin1');
  return Buffer.concat([base.subarray(0, 2), comment, base.subarray(2)]);
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Starts the photo server in a child process; `close` ends it. */
async function serverChild(): Promise<{ url: string; visit: string; token: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`photo server exited (${code})`)));
  });
  const { url, visit, token } = JSON.parse(line) as { url: string; visit: string; token: string };
  return {
    url,
    visit,
    token,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

function rss(): void {
  rssTrail.push(Math.round(process.resourceUsage().maxRSS / 1024));
}

function mbps(bytes: number, ms: number): number {
  return round(bytes / 1_000_000 / (ms / 1000));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
