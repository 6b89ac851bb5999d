import type { TreeRow } from './tree-rows.js';

/** What a key press on a tree row asks for; every index is into the visible rows. */
export type TreeKeyAction =
  | { readonly kind: 'focus'; readonly index: number }
  | { readonly kind: 'expand'; readonly index: number }
  | { readonly kind: 'collapse'; readonly index: number }
  | { readonly kind: 'open'; readonly index: number };

/**
 * The WAI-ARIA tree view keys (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/) on the visible
 * rows: Up/Down move between rows, Right expands or moves to the first child, Left collapses or moves
 * to the parent, Home/End go to the first/last row, Enter opens a school or toggles an area.
 * Loading rows are not tree items and are skipped. `null`: the key is not the tree's.
 */
export function treeKeyAction(rows: readonly TreeRow[], index: number, key: string): TreeKeyAction | null {
  const row = rows[index];
  if (!row) return null;
  const focus = (target: number | undefined) =>
    target === undefined ? null : { kind: 'focus' as const, index: target };
  switch (key) {
    case 'ArrowDown':
      return focus(nextItem(rows, index + 1, 1));
    case 'ArrowUp':
      return focus(nextItem(rows, index - 1, -1));
    case 'Home':
      return focus(nextItem(rows, 0, 1));
    case 'End':
      return focus(nextItem(rows, rows.length - 1, -1));
    case 'ArrowRight':
      if (row.kind !== 'area') return null;
      if (!row.expanded) return { kind: 'expand', index };
      // Open: the first child, unless there is none yet (schools still loading, or an empty district).
      return rows[index + 1]?.kind !== 'loading' && (rows[index + 1]?.depth ?? 0) > row.depth ? focus(index + 1) : null;
    case 'ArrowLeft':
      if (row.kind === 'area' && row.expanded) return { kind: 'collapse', index };
      return focus(parentOf(rows, index));
    case 'Enter':
      if (row.kind === 'school') return { kind: 'open', index };
      if (row.kind === 'area') return { kind: row.expanded ? 'collapse' : 'expand', index };
      return null;
    default:
      return null;
  }
}

/** The first tree item from `start` going `step`, or `undefined` past either end. */
function nextItem(rows: readonly TreeRow[], start: number, step: 1 | -1): number | undefined {
  for (let i = start; i >= 0 && i < rows.length; i += step) if (rows[i]?.kind !== 'loading') return i;
  return undefined;
}

/** The nearest row above that is one level up, or `undefined` at the top level. */
export function parentOf(rows: readonly TreeRow[], index: number): number | undefined {
  const depth = rows[index]?.depth ?? 0;
  for (let i = index - 1; i >= 0; i--) if ((rows[i]?.depth ?? 0) < depth) return i;
  return undefined;
}
