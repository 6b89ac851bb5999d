import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { LibraryPaths } from '../../../src/main/photos/library-paths.js';
import type { PhotoRecordWriter } from '../../../src/main/photos/photo-importer.js';
import { type OpenedDatabase, openDatabase } from '../../../src/main/store/open-database.js';
import { photo } from '../../../src/shared/entities/photo.js';
import { validateFields } from '../../../src/shared/entity/validation.js';

/** A fresh data folder with a migrated local store and an empty photo library. */
export async function photoTestStore(
  dir?: string,
): Promise<{ dir: string; store: OpenedDatabase; library: LibraryPaths }> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'fieldsync-photos-')));
  await mkdir(root, { recursive: true });
  const store = openDatabase({ path: join(root, 'store.sqlite') });
  return { dir: root, store, library: new LibraryPaths(join(root, 'photos')) };
}

/**
 * Inserts a school and a visit on `visitDate` into the local store, as if pulled from the server.
 * The administrative parents are not needed by the photo pipeline, so foreign keys are off for the insert.
 */
export function seedVisit(
  store: OpenedDatabase,
  visit: { visitDate: string; schoolName: string; lat: number | null; lon: number | null },
): string {
  const school = randomUUID();
  const id = randomUUID();
  store.sqlite.pragma('foreign_keys = OFF');
  store.db.run(sql`INSERT INTO schools (id, district_id, name, emis_code, latitude, longitude, type, enrolment, active, _version)
    VALUES (${school}, ${randomUUID()}, ${visit.schoolName}, ${school.slice(0, 8)}, ${visit.lat}, ${visit.lon}, 'primary', 100, 1, 1)`);
  store.db.run(sql`INSERT INTO school_visits (id, school_id, visit_date, monitor_id, monitor_name, status, review_status, _version)
    VALUES (${id}, ${school}, ${visit.visitDate}, 'm1', 'Monitor', 'completed', 'pending', 1)`);
  store.sqlite.pragma('foreign_keys = ON');
  return id;
}

/** A record writer that validates like the store and keeps the records in memory. */
export function memoryRecordWriter(): PhotoRecordWriter & { records: Map<string, unknown> } {
  const records = new Map<string, unknown>();
  return {
    records,
    createPhoto(fields) {
      const id = randomUUID();
      const valid = validateFields(photo, id, fields);
      if (!valid.ok) return valid;
      records.set(id, valid.value);
      return { ok: true, value: { id } };
    },
  };
}
