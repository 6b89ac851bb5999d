import { distanceMetres, positionOf } from '../geo.js';

/** A visit a photo can be moved to, with where it happened (`null` when unknown). */
export interface VisitNearby {
  readonly id: string;
  /** `YYYY-MM-DD`. */
  readonly visitDate: string;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
}

/** When and where a photo was taken, as far as it says. */
export interface PhotoTaken {
  /** ISO local date-time, or `null`. */
  readonly capturedAt: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

/** A visit with how near it is to the photos: days between the dates, metres between the places. */
export interface RankedVisit<V extends VisitNearby> {
  readonly visit: V;
  /** Fewest days between the visit's date and a photo's; `null` when no photo has a date. */
  readonly days: number | null;
  /** Shortest distance from a photo's position to the visit's; `null` when either is unknown. */
  readonly metres: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The visits nearest the photos first: nearest in date, then in place; what cannot be measured comes
 * after what can, and ties keep the visits' own order. "Move to visit" offers them in this order.
 */
export function nearestVisits<V extends VisitNearby>(
  photos: readonly PhotoTaken[],
  visits: readonly V[],
): RankedVisit<V>[] {
  const days = photos.flatMap((p) => (p.capturedAt ? [Date.parse(`${p.capturedAt.slice(0, 10)}T00:00:00Z`)] : []));
  const places = photos.flatMap((p) => {
    const at = positionOf(p.latitude, p.longitude);
    return at ? [at] : [];
  });
  const ranked = visits.map((visit, order) => {
    const day = Date.parse(`${visit.visitDate}T00:00:00Z`);
    const place = positionOf(visit.latitude, visit.longitude);
    const gaps = days.filter(Number.isFinite).map((d) => Math.round(Math.abs(day - d) / DAY_MS));
    const metres = place ? places.map((p) => distanceMetres(p, place)) : [];
    return {
      visit,
      order,
      days: gaps.length > 0 && Number.isFinite(day) ? Math.min(...gaps) : null,
      metres: metres.length > 0 ? Math.min(...metres) : null,
    };
  });
  const unknownLast = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);
  ranked.sort((a, b) => unknownLast(a.days, b.days) || unknownLast(a.metres, b.metres) || a.order - b.order);
  return ranked.map(({ visit, days: d, metres: m }) => ({ visit, days: d, metres: m }));
}
