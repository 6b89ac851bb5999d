import type { WorklistQuery, WorklistSort } from '../ipc/schemas/worklist.js';

/**
 * What an officer exports, said the same way by the screen, the IPC contract, the CLI and the store:
 * one of the lists they filter in the app, under the worklist's filters.
 */
export const EXPORT_ENTITIES = [
  'visits',
  'schools',
  'teachers',
  'pupilAssessments',
  'sectionAnswers',
  'monitoringAnswers',
] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The worklist's filters as an export applies them: a visit-based export keeps the visits the worklist
 * would show under the same filters, in its order; the schools and teachers lists keep the area (and
 * count visits in the period).
 */
export interface ExportFilter {
  readonly regionId?: string;
  readonly districtId?: string;
  readonly schoolId?: string;
  readonly reviewStatus?: string;
  /** First and last visit date kept, inclusive (`YYYY-MM-DD`). */
  readonly from?: string;
  readonly to?: string;
  /** The worklist's other filters (see `WorklistFilter`). */
  readonly monitor?: string;
  readonly hasPhotos?: boolean;
  readonly hasConflict?: boolean;
  readonly unsynced?: boolean;
  readonly followUpDue?: boolean;
  readonly text?: string;
  /** The visits' order (the worklist's sort); newest first when unset. */
  readonly sort?: WorklistSort;
  readonly descending?: boolean;
}

/** What the worklist shows (its tab, filters and sort) as the filter of its export. */
export function worklistExportFilter(
  query: WorklistQuery,
): ExportFilter & { readonly reviewStatus?: Exclude<WorklistQuery['tab'], 'all'> } {
  const { dateFrom, dateTo, ...rest } = query.filter;
  return {
    ...rest,
    ...(query.tab === 'all' ? {} : { reviewStatus: query.tab }),
    ...(dateFrom ? { from: dateFrom } : {}),
    ...(dateTo ? { to: dateTo } : {}),
    sort: query.sort,
    descending: query.descending,
  };
}

/** What a finished export wrote. */
export interface ExportSummary {
  readonly entity: ExportEntity;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly bytes: number;
  readonly ms: number;
}

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
