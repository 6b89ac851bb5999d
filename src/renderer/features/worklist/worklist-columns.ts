import type { WorklistSort } from '../../../shared/ipc/schemas/worklist.js';

/** A worklist column: what it sorts by and its starting width (the officer can drag it wider). */
export interface WorklistColumn {
  readonly key: WorklistSort | 'markers';
  readonly width: number;
  readonly min: number;
  /** Numbers line up on the right. */
  readonly end?: boolean;
}

export const WORKLIST_COLUMNS: readonly WorklistColumn[] = [
  // The school takes the room left over until the officer sets its width.
  { key: 'school', width: 0, min: 140 },
  { key: 'district', width: 110, min: 70 },
  { key: 'date', width: 112, min: 80 },
  { key: 'monitor', width: 150, min: 80 },
  // Wide enough for French and Portuguese (and the pseudo-locale run, 40 % longer than English).
  { key: 'status', width: 150, min: 70 },
  { key: 'review', width: 190, min: 100 },
  { key: 'photos', width: 100, min: 56, end: true },
  { key: 'markers', width: 110, min: 60 },
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
