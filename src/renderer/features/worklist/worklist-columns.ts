import type { WorklistSort } from '../../../shared/ipc/schemas/worklist.js';

/** A worklist column: what it sorts by and its starting width (the officer can drag it wider). */
export interface WorklistColumn {
  readonly key: WorklistSort | 'markers';
  readonly width: number;
  readonly min: number;
  /** Numbers line up on the right. */
  readonly end?: boolean;
  /** The header is an icon (its name is the accessible name and the tooltip): the column holds a number or icons. */
  readonly icon?: boolean;
}

/*
 * Every column fits at 1280×720 (a 1080p laptop at 150 %), where the grid is about 1,020 px wide: the fixed
 * columns take 818 px with the checkbox, leaving the school at least 140 px (about 200 px there). Photos
 * and Sync hold a number and icons, so their headers are icons with their names as tooltip and accessible
 * name; text columns truncate with the whole value in a tooltip, and the officer can drag any column wider.
 */
export const WORKLIST_COLUMNS: readonly WorklistColumn[] = [
  // The school takes the room left over until the officer sets its width.
  { key: 'school', width: 0, min: 140 },
  { key: 'district', width: 110, min: 70 },
  { key: 'date', width: 108, min: 80 },
  { key: 'monitor', width: 140, min: 80 },
  // "État de la visite", "Estado da visita": the header truncates, its name stays in the sort tooltip.
  { key: 'status', width: 120, min: 70 },
  // The longest review badge ("Awaiting review", 40 % longer in the pseudo-locale) on one line.
  { key: 'review', width: 168, min: 100 },
  { key: 'photos', width: 64, min: 48, end: true, icon: true },
  { key: 'markers', width: 72, min: 48, icon: true },
];

/** Width of the selection column (a checkbox per row). */
export const CHECK_WIDTH = 36;

/** The grid's `grid-template-columns`: the checkbox, then each column at its width (the school's flexible until set). */
export function gridTemplate(widths: Readonly<Record<string, number>>): string {
  const columns = WORKLIST_COLUMNS.map((c) => {
    const set = widths[c.key];
    if (set !== undefined) return `${set}px`;
    return c.width === 0 ? `minmax(${c.min}px, 1fr)` : `${c.width}px`;
  });
  return [`${CHECK_WIDTH}px`, ...columns].join(' ');
}
