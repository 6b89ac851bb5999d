import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../src/server/db/server-database.js';
import type { BlobStore } from '../../../src/server/photos/blob-store.js';
import { makePhoto, writeCard } from '../../photos/support/make-card.js';
import type { TestServer } from '../../support/test-server.js';

/** A visit the demo user may attach photos to, with what a camera at that school writes into EXIF. */
export interface PhotoVisit {
  readonly id: string;
  /** Camera wall clock on the visit's day. */
  readonly takenAt: string;
  readonly lat: number;
  readonly lon: number;
}

/** The photos a crash loop imported so far: SHA-256 → size in bytes. */
export type ImportedPhotos = Map<string, number>;

/**
 * The first live visit of the demo organisation at a school with a position (the importer suggests it for a
 * photo taken there that day).
 */
export async function photoVisit(server: TestServer): Promise<PhotoVisit> {
  const { organisationId } = (await server.login('demo')).user;
  const [visit] = await queryRows<{ id: string; day: string; lat: number; lon: number }>(
    server.db,
    sql`SELECT v.id, v.visit_date::text AS day, s.latitude AS lat, s.longitude AS lon FROM school_visits v
        JOIN schools s ON s.id = v.school_id WHERE s.latitude IS NOT NULL AND NOT v.deleted
        AND v.organisation_scope = ${organisationId} ORDER BY v.id LIMIT 1`,
  );
  if (!visit) throw new Error('the seed has no visit of a school with a position');
  return { id: visit.id, takenAt: `${visit.day.replaceAll('-', ':')} 10:00:00`, lat: visit.lat, lon: visit.lon };
}

/**
 * Writes a card of `count` new photos (pixel noise: they compress like real ones, badly) of 1.4 to 5.8 MB,
 * so one upload takes long enough to be killed in, and the biggest travel in two parts. Adds each to
 * `imported` and returns the card's folder.
 */
export async function writePhotoCard(
  dir: string,
  serial: number,
  visit: PhotoVisit,
  count: number,
  imported: ImportedPhotos,
): Promise<string> {
  const card = join(dir, `card-${serial}`);
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++) {
    const edge = [1200, 1800, 2400][i % 3] ?? 1200;
    const bytes = await makePhoto({
      seed: serial * 100 + i,
      edge,
      takenAt: visit.takenAt,
      gps: { lat: visit.lat, lon: visit.lon },
    });
    files[`DCIM/100CRASH/IMG_${String(i).padStart(4, '0')}.JPG`] = bytes;
    imported.set(sha256Of(bytes), bytes.length);
  }
  await writeCard(card, files);
  return card;
}

/**
 * Every imported photo is on the server exactly once — one live photo record and one blob of the
 * organisation with its size — and the stored bytes hash to its SHA-256. Returns the problems found.
 */
export async function checkPhotosOnServer(
  server: TestServer,
  blobs: BlobStore,
  imported: ImportedPhotos,
): Promise<string[]> {
  const problems: string[] = [];
  const shas = [...imported.keys()];
  if (shas.length === 0) return problems;
  const list = sql.join(
    shas.map((s) => sql`${s}`),
    sql`, `,
  );
  const records = await queryRows<{ sha256: string; n: number }>(
    server.db,
    sql`SELECT sha256, count(*)::int AS n FROM photos WHERE NOT deleted AND sha256 IN (${list}) GROUP BY sha256`,
  );
  const stored = await queryRows<{ sha256: string; n: number; size: number }>(
    server.db,
    sql`SELECT sha256, count(*)::int AS n, max(size)::int AS size FROM photo_blobs WHERE sha256 IN (${list}) GROUP BY sha256`,
  );
  const recordCount = new Map(records.map((r) => [r.sha256, r.n]));
  const blobRows = new Map(stored.map((r) => [r.sha256, r]));
  for (const [sha, size] of imported) {
    const n = recordCount.get(sha) ?? 0;
    if (n !== 1) problems.push(`photo ${sha.slice(0, 12)}: ${n} photo records on the server, not 1`);
    const blob = blobRows.get(sha);
    if (blob?.n !== 1 || blob.size !== size) {
      problems.push(
        `photo ${sha.slice(0, 12)}: blob rows ${JSON.stringify(blob ?? null)}, expected one of ${size} bytes`,
      );
      continue;
    }
    const content = await hashStream(await blobs.read(sha)).catch((e: unknown) => ({ error: String(e) }));
    if ('error' in content) problems.push(`photo ${sha.slice(0, 12)}: blob unreadable: ${content.error}`);
    else if (content.sha256 !== sha || content.size !== size) {
      problems.push(`photo ${sha.slice(0, 12)}: stored bytes hash to ${content.sha256} (${content.size} bytes)`);
    }
  }
  return problems;
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function hashStream(stream: AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
