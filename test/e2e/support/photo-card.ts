import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../src/server/db/server-database.js';
import { makePhoto, writeCard } from '../../photos/support/make-card.js';
import type { Harness } from './harness.js';

/** A visit of the seed, with its school's position (where the card's photos say they were taken). */
export interface CardVisit {
  readonly id: string;
  /** Its calendar date, `2026-03-02`. */
  readonly day: string;
  readonly lat: number;
  readonly lon: number;
  readonly school: string;
}

/** A camera card in a temporary folder, and the visits its photos belong to. */
export interface PhotoCard {
  readonly folder: string;
  /** Where the three photos were taken: the visit the import suggests for them. */
  readonly first: CardVisit;
  /** Any other visit (a photo can be moved to it). */
  readonly second: CardVisit;
  /** The photos' sizes in bytes, by file name (the card's text file is not a photo). */
  readonly photoBytes: Readonly<Record<string, number>>;
}

/**
 * Writes a Canon-like card (DCIM/100CANON) of three photos taken at one visit of the seed, on its day
 * and at its school, plus a text file the import skips. The visit is alone on its day, so the
 * suggestion has one right answer.
 */
export async function writePhotoCard(harness: Harness): Promise<PhotoCard> {
  const visits = await queryRows<CardVisit>(
    harness.server.db,
    sql`SELECT v.id, v.visit_date::text AS day, s.latitude AS lat, s.longitude AS lon, s.name AS school
        FROM school_visits v JOIN schools s ON s.id = v.school_id
        WHERE s.latitude IS NOT NULL
          AND (SELECT count(*) FROM school_visits o WHERE o.visit_date = v.visit_date) = 1
        ORDER BY v.visit_date DESC, v.id LIMIT 2`,
  );
  const [first, second] = visits;
  if (!first || !second) throw new Error('the tiny seed needs two visits with school positions');
  const folder = mkdtempSync(join(tmpdir(), 'fieldsync-e2e-card-'));
  const takenAt = `${first.day.replaceAll('-', ':')} 09:30:00`;
  const shot = (seed: number) =>
    makePhoto({
      seed,
      takenAt,
      gps: { lat: first.lat, lon: first.lon },
      edge: 96,
      camera: { make: 'Canon', model: 'Canon PowerShot A2300' },
    });
  const photos = {
    'IMG_0001.JPG': await shot(901),
    'IMG_0002.JPG': await shot(902),
    'IMG_0003.JPG': await shot(903),
  };
  await writeCard(folder, {
    ...Object.fromEntries(Object.entries(photos).map(([name, bytes]) => [`DCIM/100CANON/${name}`, bytes])),
    'DCIM/100CANON/NOTES.TXT': 'not a photo',
  });
  const photoBytes = Object.fromEntries(Object.entries(photos).map(([name, bytes]) => [name, bytes.length]));
  return { folder, first, second, photoBytes };
}
