import { sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { school, schoolVisit } from '../../shared/entities/index.js';
import type { VisitCandidate } from './suggest-visit.js';

/** Where the importer finds the visits photos may belong to. */
export interface VisitCatalog {
  /** Live visits on any of these days (`YYYY-MM-DD`), with their school's name and position. */
  visitsOnDays(days: readonly string[]): VisitCandidate[];
}

/** A visit as the officer picks it from a list. */
export interface VisitChoice {
  readonly id: string;
  readonly visitDate: string;
  readonly schoolName: string;
}

/**
 * Reads visits from the local store's entity tables (names derived from the declarations), so the
 * suggestions cover exactly what this officer has synced.
 */
export class StoreVisitCatalog implements VisitCatalog {
  constructor(private readonly db: BetterSQLite3Database) {}

  visitsOnDays(days: readonly string[]): VisitCandidate[] {
    if (days.length === 0) return [];
    const visits = sql.identifier(schoolVisit.table);
    const schools = sql.identifier(school.table);
    const rows = this.db.all<{
      id: string;
      visitDate: string;
      schoolName: string;
      lat: number | null;
      lon: number | null;
    }>(sql`
      SELECT v.id AS id, v.visit_date AS visitDate, s.name AS schoolName,
             COALESCE(v.latitude, s.latitude) AS lat, COALESCE(v.longitude, s.longitude) AS lon
      FROM ${visits} v JOIN ${schools} s ON s.id = v.school_id
      WHERE v._deleted = 0 AND v.visit_date IN (${sql.join(
        days.map((d) => sql`${d}`),
        sql`, `,
      )})
      ORDER BY v.visit_date, s.name`);
    return rows.map((r) => ({
      id: r.id,
      visitDate: r.visitDate,
      schoolName: r.schoolName,
      latitude: r.lat,
      longitude: r.lon,
    }));
  }

  /** The most recent live visits, newest first (choices for photos without a usable capture day). */
  recent(limit: number): VisitChoice[] {
    const visits = sql.identifier(schoolVisit.table);
    const schools = sql.identifier(school.table);
    return this.db.all<VisitChoice>(sql`
      SELECT v.id AS id, v.visit_date AS visitDate, s.name AS schoolName
      FROM ${visits} v JOIN ${schools} s ON s.id = v.school_id
      WHERE v._deleted = 0 ORDER BY v.visit_date DESC, s.name LIMIT ${limit}`);
  }
}
