import { z } from 'zod';
import { EXPORT_ENTITIES, EXPORT_FORMATS, isCalendarDate } from '../../reports/export-request.js';
import { WORKLIST_SORTS, worklistFilterSchema } from './worklist.js';

const calendarDate = z.string().refine(isCalendarDate, 'a date written YYYY-MM-DD that exists');
const id = z.string().min(1).max(64);
const worklist = worklistFilterSchema.shape;

/** The worklist's filters as an export applies them (see `ExportFilter`). */
export const exportFilterSchema = z
  .strictObject({
    regionId: id.optional(),
    districtId: id.optional(),
    schoolId: id.optional(),
    reviewStatus: z.enum(['pending', 'approved', 'flagged']).optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    monitor: worklist.monitor,
    hasPhotos: worklist.hasPhotos,
    hasConflict: worklist.hasConflict,
    unsynced: worklist.unsynced,
    followUpDue: worklist.followUpDue,
    text: worklist.text,
    sort: z.enum(WORKLIST_SORTS).optional(),
    descending: z.boolean().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'the first day comes after the last', path: ['to'] });

export const exportArgsSchema = z.strictObject({
  entity: z.enum(EXPORT_ENTITIES),
  format: z.enum(EXPORT_FORMATS),
  filter: exportFilterSchema.default({}),
});

/** A finished export; `path: null` when the officer cancelled the save dialog. */
export const exportFileResultSchema = z.object({
  path: z.string().nullable(),
  /** The browser shell: where the page downloads the saved file from (once). */
  downloadUrl: z.url({ protocol: /^http$/ }).optional(),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  ms: z.number().int().min(0),
});

/** An export's rows written of its total (throttled in main). */
export const exportProgressSchema = z.object({
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});

export type ExportFilterArgs = z.input<typeof exportFilterSchema>;
