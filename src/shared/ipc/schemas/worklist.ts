import { z } from 'zod';
import { REVIEW_STATUSES, VISIT_STATUSES } from '../../entities/school-visit.js';
import { localStateSchema, pageArgs, searchTextSchema } from './common.js';

/** The worklist's tabs: one per review status, and every visit. */
export const WORKLIST_TABS = ['pending', 'flagged', 'approved', 'all'] as const;
export type WorklistTab = (typeof WORKLIST_TABS)[number];

/** Columns the worklist sorts by. */
export const WORKLIST_SORTS = ['school', 'district', 'date', 'monitor', 'status', 'review', 'photos'] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

/** The most visits one call names (select all, a bulk review): a district's year is far fewer. */
export const MAX_WORKLIST_IDS = 20_000;

const isoDate = z.iso.date();

/** Filters that combine (every one given must hold); the tab is separate so each tab can be counted. */
export const worklistFilterSchema = z.strictObject({
  districtId: z.uuid().optional(),
  schoolId: z.uuid().optional(),
  /** Visit date from (inclusive), `YYYY-MM-DD`. */
  dateFrom: isoDate.optional(),
  /** Visit date to (inclusive), `YYYY-MM-DD`. */
  dateTo: isoDate.optional(),
  /** The monitor's name, exactly as listed. */
  monitor: z.string().trim().min(1).max(200).optional(),
  hasPhotos: z.boolean().optional(),
  hasConflict: z.boolean().optional(),
  /** Only visits with local edits not yet on the server. */
  unsynced: z.boolean().optional(),
  /** Flagged visits whose follow-up date is today or past. */
  followUpDue: z.boolean().optional(),
  /** Words in the school's name, the monitor's name, the review comment or the visit notes. */
  text: searchTextSchema.optional(),
});
export type WorklistFilter = z.infer<typeof worklistFilterSchema>;

/** Which visits, in which order: what the worklist shows and what a "next" follows. */
export const worklistQuerySchema = z.strictObject({
  tab: z.enum(WORKLIST_TABS).default('pending'),
  filter: worklistFilterSchema.default({}),
  sort: z.enum(WORKLIST_SORTS).default('date'),
  descending: z.boolean().default(true),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;
export type WorklistQueryInput = z.input<typeof worklistQuerySchema>;

export const worklistArgsSchema = worklistQuerySchema.extend(pageArgs);

export const worklistIdsArgsSchema = worklistQuerySchema.extend({
  limit: z.number().int().min(1).max(MAX_WORKLIST_IDS).default(MAX_WORKLIST_IDS),
});

export const worklistNeighboursArgsSchema = worklistQuerySchema.extend({ visitId: z.uuid() });

/** One visit as a worklist row. */
export const worklistRowSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  districtId: z.string(),
  districtName: z.string(),
  visitDate: z.string(),
  monitorName: z.string(),
  status: z.enum(VISIT_STATUSES),
  reviewStatus: z.enum(REVIEW_STATUSES),
  reviewComment: z.string().nullable(),
  followUpDate: z.string().nullable(),
  photos: z.number().int().min(0),
  localState: localStateSchema,
  conflicted: z.boolean(),
});
export type WorklistRow = z.infer<typeof worklistRowSchema>;

/** Visits per tab under the current filters. */
export const worklistCountsSchema = z.object({
  pending: z.number().int().min(0),
  flagged: z.number().int().min(0),
  approved: z.number().int().min(0),
  all: z.number().int().min(0),
});
export type WorklistCounts = z.infer<typeof worklistCountsSchema>;

export const worklistPageSchema = z.object({
  items: z.array(worklistRowSchema),
  /** Visits in the chosen tab under the filters. */
  total: z.number().int().min(0),
  counts: worklistCountsSchema,
});
export type WorklistPage = z.infer<typeof worklistPageSchema>;

export const worklistIdsSchema = z.object({
  ids: z.array(z.string()),
  /** Every matching visit, even beyond `limit`. */
  total: z.number().int().min(0),
});

/** The visits before and after one in the worklist's order (`null` at either end or when it is not in the list). */
export const worklistNeighboursSchema = z.object({
  previous: z.string().nullable(),
  next: z.string().nullable(),
  /** 1-based place of the visit in the list, `null` when it is not in it. */
  position: z.number().int().min(1).nullable(),
  total: z.number().int().min(0),
});
export type WorklistNeighbours = z.infer<typeof worklistNeighboursSchema>;

/** Names to offer in the worklist's filters. */
export const worklistFacetsSchema = z.object({
  districts: z.array(z.object({ id: z.string(), name: z.string() })),
  monitors: z.array(z.string()),
});
export type WorklistFacets = z.infer<typeof worklistFacetsSchema>;

/**
 * Approve or flag many visits at once (the worklist's selection): one comment for all, one outbox
 * operation per visit, in one store transaction.
 */
export const bulkReviewArgsSchema = z
  .strictObject({
    visitIds: z.array(z.uuid()).min(1).max(MAX_WORKLIST_IDS),
    decision: z.enum(['approved', 'flagged']),
    comment: z.string().trim().max(4000).nullable().default(null),
  })
  .refine((a) => a.decision !== 'flagged' || (a.comment !== null && a.comment.length > 0), {
    message: 'Say why the visits are flagged',
    path: ['comment'],
  });

export const bulkReviewSchema = z.object({
  /** Names this bulk review for its Undo (only the last one of the session can be undone). */
  bulkId: z.string(),
  /** Visits whose review changed (each with its own operation). */
  changed: z.number().int().min(0),
  /** Visits already so reviewed: nothing to send. */
  unchanged: z.number().int().min(0),
});
export type BulkReview = z.infer<typeof bulkReviewSchema>;

export const undoBulkReviewArgsSchema = z.strictObject({ bulkId: z.string().min(1).max(100) });

export const undoBulkReviewSchema = z.object({
  /** Visits whose earlier review is back. */
  restored: z.number().int().min(0),
  /** Of those, visits whose bulk operation had not left this PC: it was withdrawn, nothing is sent. */
  withdrawn: z.number().int().min(0),
  /** Visits reviewed again (here or on the server) since the bulk review: left as they are. */
  skipped: z.number().int().min(0),
});
export type UndoBulkReview = z.infer<typeof undoBulkReviewSchema>;
