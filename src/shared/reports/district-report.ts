import { z } from 'zod';

/**
 * The district report: what an officer takes to the monthly meeting, for a period and an area (a
 * district, a region or the whole scope). Every figure is computed in SQL on the local store; the screen,
 * the print layout and `npm run report` show the same object.
 */
export const reportRequestSchema = z.strictObject({
  regionId: z.string().min(1).max(64).optional(),
  districtId: z.string().min(1).max(64).optional(),
  /** First and last visit date, inclusive (`YYYY-MM-DD`). */
  from: z.iso.date(),
  to: z.iso.date(),
});
export type ReportRequest = z.infer<typeof reportRequestSchema>;

const count = z.number().int().min(0);

export const districtReportSchema = z.object({
  /** The office the report is from (the organisation's name). */
  office: z.string(),
  area: z.object({ kind: z.enum(['all', 'region', 'district']), name: z.string() }),
  from: z.string(),
  to: z.string(),
  totals: z.object({
    schools: count,
    schoolsVisited: count,
    /** Visits made (completed or in progress) in the period: what every other figure counts. */
    visits: count,
    planned: count,
    cancelled: count,
    lessonsObserved: count,
    pupilsAssessed: count,
    photos: count,
  }),
  /** Every school of the area: those not visited in the period first, then by district and name. */
  coverage: z.array(
    z.object({
      schoolId: z.string(),
      school: z.string(),
      district: z.string(),
      emisCode: z.string(),
      visits: count,
      lastVisit: z.string().nullable(),
    }),
  ),
  /** Visits made and schools visited per calendar month (`YYYY-MM`), oldest first. */
  months: z.array(z.object({ month: z.string(), visits: count, schools: count })),
  /** Review status counts, every status present (zero included). */
  review: z.array(z.object({ status: z.enum(['pending', 'approved', 'flagged']), visits: count })),
  /** Flagged visits with the reviewer's comment, newest first. */
  flagged: z.array(
    z.object({
      visitId: z.string(),
      visitDate: z.string(),
      school: z.string(),
      district: z.string(),
      monitor: z.string(),
      comment: z.string().nullable(),
      reviewedBy: z.string().nullable(),
    }),
  ),
  /**
   * Follow-ups agreed on the period's visits (a date by which the school should be seen again or a
   * problem checked), soonest due first.
   */
  followUps: z.array(
    z.object({
      visitId: z.string(),
      visitDate: z.string(),
      school: z.string(),
      district: z.string(),
      dueDate: z.string(),
      note: z.string().nullable(),
    }),
  ),
  /** Pupil assessment results by grade and language of assessment. */
  assessments: z.array(
    z.object({
      grade: count,
      language: z.string(),
      pupils: count,
      /** Mean total score (correct items), `null` when no result is recorded. */
      meanScore: z.number().nullable(),
      bands: z.object({ beginner: count, emergent: count, developing: count, proficient: count }),
    }),
  ),
  /** Mean correct items per section and grade. */
  sections: z.array(z.object({ grade: count, section: z.string(), answers: count, meanCorrect: z.number() })),
  /** Monitoring answers summarised per question: counts per value (yes/no, choices), or a mean (numbers). */
  questions: z.array(
    z.object({
      /** The answers' key: an identifier, never shown (see `questionLabel`). */
      key: z.string(),
      /** The form's wording, `null` when the form gives none. */
      label: z.string().nullable(),
      /** Its place in the form (1-based), `null` for answers to a question no form declares. */
      position: z.number().int().min(1).nullable(),
      type: z.string(),
      answers: count,
      mean: z.number().nullable(),
      values: z.array(z.object({ value: z.string(), answers: count })),
    }),
  ),
  photos: z.object({ total: count, visitsWithPhotos: count, maxPerVisit: count }),
});
export type DistrictReport = z.infer<typeof districtReportSchema>;

/** Benchmark bands from weakest to strongest (the chart's stacking order). */
export const BANDS = ['beginner', 'emergent', 'developing', 'proficient'] as const;
