import type { VisitOption } from '../../shared/ipc/schemas/photos.js';
import type { LocalStore } from '../store/index.js';

/** Visits offered besides those on the photos' days. */
const RECENT_VISITS = 60;

/**
 * The visits photos can be moved to: those on the photos' capture days, then the most recent
 * (the review and the photo inbox offer the same; the page ranks them by the ticked photos).
 */
export function visitsToOffer(read: LocalStore['read'], days: Iterable<string>): VisitOption[] {
  const onDays = read.visitsOnDays([...new Set(days)]);
  const seen = new Set(onDays.map((v) => v.id));
  return [...onDays, ...read.recentVisits(RECENT_VISITS).filter((v) => !seen.has(v.id))];
}
