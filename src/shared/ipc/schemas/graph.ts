import { z } from 'zod';
import { REVIEW_STATUSES, VISIT_STATUSES } from '../../entities/school-visit.js';
import { localStateSchema, pageArgs, pageSchema, searchTextSchema } from './common.js';

/** Counts shown beside a node of the administrative tree. */
export const nodeCountsSchema = z.object({
  schools: z.number().int().min(0),
  visits: z.number().int().min(0),
  awaitingReview: z.number().int().min(0),
  /** Records with local edits not yet accepted by the server. */
  pending: z.number().int().min(0),
  conflicts: z.number().int().min(0),
});
export type NodeCounts = z.infer<typeof nodeCountsSchema>;

/** A country, region or district (the administrative levels above schools). */
export const hierarchyNodeSchema = z.object({
  entity: z.string(),
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  counts: nodeCountsSchema,
});
export type HierarchyNode = z.infer<typeof hierarchyNodeSchema>;

export const hierarchySchema = z.object({ nodes: z.array(hierarchyNodeSchema) });

export const schoolsArgsSchema = z.strictObject({
  districtId: z.uuid().optional(),
  search: searchTextSchema.optional(),
  ...pageArgs,
});

export const schoolRowSchema = z.object({
  id: z.string(),
  districtId: z.string(),
  name: z.string(),
  emisCode: z.string(),
  type: z.string(),
  teachers: z.number().int().min(0),
  visits: z.number().int().min(0),
  awaitingReview: z.number().int().min(0),
  pending: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  localState: localStateSchema,
});
export type SchoolRow = z.infer<typeof schoolRowSchema>;
export const schoolPageSchema = pageSchema(schoolRowSchema);

/** One record as the screens show it: declared fields plus sync markers. */
export const recordViewSchema = z.object({
  entity: z.string(),
  id: z.string(),
  /** The record's title field (e.g. a school's name), for lists and the graph picture. */
  title: z.string(),
  fields: z.record(z.string(), z.unknown()),
  version: z.number().int().nullable(),
  localState: localStateSchema,
  /** An open (held or recorded) conflict exists for this record. */
  conflicted: z.boolean(),
});
export type RecordView = z.infer<typeof recordViewSchema>;

export const schoolDetailSchema = z.object({
  school: recordViewSchema,
  /** Country → region → district: the areas above the school, outermost first. */
  path: z.array(z.object({ entity: z.string(), id: z.string(), name: z.string() })),
  teachers: z.array(recordViewSchema),
  visits: z.number().int().min(0),
});
export type SchoolDetail = z.infer<typeof schoolDetailSchema>;

export const visitsArgsSchema = z.strictObject({
  schoolId: z.uuid().optional(),
  districtId: z.uuid().optional(),
  reviewStatus: z.enum(REVIEW_STATUSES).optional(),
  ...pageArgs,
});

export const visitRowSchema = z.object({
  id: z.string(),
  /** The visit's record title: its school's name and its date (as the queue and conflicts show it). */
  title: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  visitDate: z.string(),
  monitorName: z.string(),
  status: z.enum(VISIT_STATUSES),
  reviewStatus: z.enum(REVIEW_STATUSES),
  localState: localStateSchema,
  conflicted: z.boolean(),
});
export type VisitRow = z.infer<typeof visitRowSchema>;
export const visitPageSchema = pageSchema(visitRowSchema);

/** A record below the visit, with the reference that ties it to its parent in the picture. */
export const graphNodeSchema = recordViewSchema.extend({
  parentId: z.string(),
  /** The reference field pointing at the parent, e.g. `pupilAssessmentId`. */
  via: z.string(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

/**
 * A visit and every record it owns (derived from the entity graph, so entity types added later,
 * such as photos, appear without changing this contract), plus the records they reference
 * outside the visit (teachers, project forms with their questions).
 */
export const visitGraphSchema = z.object({
  visit: recordViewSchema,
  school: recordViewSchema,
  nodes: z.array(graphNodeSchema),
  references: z.array(recordViewSchema),
});
export type VisitGraph = z.infer<typeof visitGraphSchema>;

/** The most hits one search returns ("Show all" beyond it narrows the text instead). */
export const MAX_SEARCH_HITS = 1000;

export const searchArgsSchema = z.strictObject({
  text: searchTextSchema.pipe(z.string().min(1, 'Type something to search for')),
  /** 30 at first; "Show all" asks again with the total (up to the maximum). */
  limit: z.number().int().min(1).max(MAX_SEARCH_HITS).default(30),
});

export const searchHitSchema = z.object({
  entity: z.string(),
  id: z.string(),
  title: z.string(),
  /** A school's EMIS code; a teacher's school name. */
  subtitle: z.string(),
  /** The school to open for this hit. */
  schoolId: z.string().nullable(),
  districtId: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
export const searchResultSchema = z.object({
  items: z.array(searchHitSchema),
  /** Every match (schools and teachers), however many `items` holds. */
  total: z.number().int().min(0),
});

export const reviewArgsSchema = z
  .strictObject({
    visitId: z.uuid(),
    decision: z.enum(['approved', 'flagged']),
    comment: z.string().trim().max(4000).nullable().default(null),
  })
  .refine((a) => a.decision !== 'flagged' || (a.comment !== null && a.comment.length > 0), {
    message: 'Say why the visit is flagged',
    path: ['comment'],
  });

/** The outbox operation an edit queued; `null` when nothing actually changed. */
export const opRefSchema = z.object({ opId: z.string().nullable() });
