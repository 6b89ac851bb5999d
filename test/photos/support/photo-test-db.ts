import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { LibraryPaths } from '../../../src/main/photos/library-paths.js';
import { LocalStore, rawConnection } from '../../../src/main/store/local-store.js';

/** A fresh data folder with a migrated local store and an empty photo library. */
export async function photoTestStore(dir?: string): Promise<{ dir: string; store: LocalStore; library: LibraryPaths }> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'fieldsync-photos-')));
  await mkdir(root, { recursive: true });
  const store = LocalStore.open({ path: join(root, 'store.sqlite') });
  return { dir: root, store, library: new LibraryPaths(join(root, 'photos')) };
}

/**
 * Inserts a school and a visit on `visitDate` into the local store, as if pulled from the server.
 * The administrative parents are not needed by the photo pipeline, so foreign keys are off for the insert.
 */
export function seedVisit(
  store: LocalStore,
  visit: { visitDate: string; schoolName: string; lat: number | null; lon: number | null },
): string {
  const school = randomUUID();
  const id = randomUUID();
  const { sqlite, db } = rawConnection(store);
  sqlite.pragma('foreign_keys = OFF');
  db.run(sql`INSERT INTO schools (id, district_id, name, emis_code, latitude, longitude, type, enrolment, active, _version)
    VALUES (${school}, ${randomUUID()}, ${visit.schoolName}, ${school.slice(0, 8)}, ${visit.lat}, ${visit.lon}, 'primary', 100, 1, 1)`);
  db.run(sql`INSERT INTO school_visits (id, school_id, visit_date, monitor_id, monitor_name, status, review_status, _version)
    VALUES (${id}, ${school}, ${visit.visitDate}, 'm1', 'Monitor', 'completed', 'pending', 1)`);
  sqlite.pragma('foreign_keys = ON');
  return id;
}
