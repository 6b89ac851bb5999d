import { distanceMetres as metresBetween } from '../../shared/geo.js';
import { type LocalizedText, text } from '../../shared/i18n/message.js';
import { inEnglish } from '../../shared/i18n/officer-error.js';
import { DEFAULT_PHOTO_MAX_DISTANCE_KM } from '../../shared/ipc/schemas/settings.js';

/** A visit a photo may belong to, with where it happened. */
export interface VisitCandidate {
  readonly id: string;
  /** `YYYY-MM-DD`. */
  readonly visitDate: string;
  readonly schoolName: string;
  /** The visit's recorded position, else its school's; `null` when neither is known. */
  readonly latitude: number | null;
  readonly longitude: number | null;
}

/** How sure a suggestion is: `high` = same day and near the school; `none` = no suggestion. */
export type SuggestionConfidence = 'high' | 'medium' | 'low' | 'none';

export interface VisitSuggestion {
  readonly schoolVisitId: string | null;
  readonly confidence: SuggestionConfidence;
  /** Why, in a sentence an officer can check: in English (the log, the CLI's JSON)… */
  readonly reason: string;
  /** …and as the catalog message the page says in the officer's language. */
  readonly text: LocalizedText;
  /** From the photo's GPS position to the suggested (or nearest) school; `null` when either is unknown. */
  readonly distanceMetres: number | null;
}

export interface SuggestOptions {
  /**
   * A photo whose GPS position is farther than this from the school is never suggested for it: its
   * GPS contradicts the visit (a fix at 0,0, another town, a school's wrong coordinates). The officer's
   * setting; default `DEFAULT_MAX_DISTANCE_METRES`.
   */
  readonly maxDistanceMetres?: number;
}

/** Default of the "farthest a photo may be from its school" setting. */
export const DEFAULT_MAX_DISTANCE_METRES = DEFAULT_PHOTO_MAX_DISTANCE_KM * 1000;

/** Photos taken within this distance of a school count as taken there (camera GPS and school coordinates are rough). */
export const NEAR_SCHOOL_METRES = 1000;

/**
 * Suggests the visit a photo belongs to: a visit on the photo's capture day, and among several that
 * day, the one whose school is nearest the photo's GPS position. Ties and missing data give no or a
 * weak suggestion: the officer confirms or reassigns every photo before upload.
 */
export function suggestVisit(
  photo: { captureDay: string | null; latitude: number | null; longitude: number | null },
  visits: readonly VisitCandidate[],
  options: SuggestOptions = {},
): VisitSuggestion {
  const maxMetres = options.maxDistanceMetres ?? DEFAULT_MAX_DISTANCE_METRES;
  if (!photo.captureDay) return none(text('photo-import:suggest.noTime'));
  const sameDay = visits.filter((v) => v.visitDate === photo.captureDay);
  const day = { date: photo.captureDay };
  if (sameDay.length === 0) return none(text('photo-import:suggest.noVisit', { day }));
  const { latitude, longitude } = photo;
  if (latitude !== null && longitude !== null) {
    const located = sameDay
      .flatMap((v) =>
        v.latitude !== null && v.longitude !== null
          ? [{ v, metres: distanceMetres(latitude, longitude, v.latitude, v.longitude) }]
          : [],
      )
      .sort((a, b) => a.metres - b.metres);
    const nearest = located[0];
    if (nearest && nearest.metres <= NEAR_SCHOOL_METRES) {
      return {
        schoolVisitId: nearest.v.id,
        confidence: 'high',
        ...said(
          text('photo-import:suggest.near', { metres: Math.round(nearest.metres), school: nearest.v.schoolName }),
        ),
        distanceMetres: nearest.metres,
      };
    }
    if (nearest && nearest.metres > maxMetres) {
      return {
        ...none(
          text('photo-import:suggest.tooFar', {
            km: km(nearest.metres),
            school: nearest.v.schoolName,
            maxKm: km(maxMetres),
          }),
        ),
        distanceMetres: nearest.metres,
      };
    }
    if (sameDay.length > 1 && nearest) {
      return {
        schoolVisitId: nearest.v.id,
        confidence: 'low',
        ...said(
          text('photo-import:suggest.several', {
            count: sameDay.length,
            school: nearest.v.schoolName,
            km: km(nearest.metres),
          }),
        ),
        distanceMetres: nearest.metres,
      };
    }
  }
  const [only, ...others] = sameDay;
  if (only && others.length === 0) {
    return {
      schoolVisitId: only.id,
      confidence: 'medium',
      ...said(text('photo-import:suggest.only', { day, school: only.schoolName })),
      distanceMetres:
        latitude !== null && longitude !== null && only.latitude !== null && only.longitude !== null
          ? distanceMetres(latitude, longitude, only.latitude, only.longitude)
          : null,
    };
  }
  return none(text('photo-import:suggest.ambiguous', { count: sameDay.length, day }));
}

function none(why: LocalizedText): VisitSuggestion {
  return { schoolVisitId: null, confidence: 'none', ...said(why), distanceMetres: null };
}

/** The reason in both forms (the English one is what `reason` always held). */
function said(why: LocalizedText): { reason: string; text: LocalizedText } {
  return { reason: inEnglish(why), text: why };
}

/** Kilometres to one decimal, as a number the message formats in the officer's language. */
function km(metres: number): number {
  return Math.round(metres / 100) / 10;
}

/** Great-circle distance (haversine), in metres. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return metresBetween({ latitude: lat1, longitude: lon1 }, { latitude: lat2, longitude: lon2 });
}
