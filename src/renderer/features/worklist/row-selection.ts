/** How a click or a key changes the worklist's selection, as Outlook's and Explorer's lists do. */
export interface SelectionState {
  readonly selected: ReadonlySet<string>;
  readonly anchor: number | null;
}

export type SelectGesture =
  /** A plain click or arrow: only this row. */
  | 'only'
  /** Ctrl+click or Space: this row in or out, the rest kept. */
  | 'toggle'
  /** Shift+click or Shift+arrow: every row from the anchor to this one. */
  | 'range'
  /** Ctrl+Shift+click: the range added to what is selected. */
  | 'addRange';

/**
 * The selection after a gesture on the row at `index` (id `id`). `idsBetween(from, to)` gives the ids of
 * rows `from..to` inclusive in list order (rows not loaded yet are fetched by the caller beforehand).
 */
export function select(
  state: SelectionState,
  gesture: SelectGesture,
  index: number,
  id: string,
  idsBetween: (from: number, to: number) => readonly string[],
): SelectionState {
  switch (gesture) {
    case 'only':
      return { selected: new Set([id]), anchor: index };
    case 'toggle': {
      const selected = new Set(state.selected);
      if (selected.has(id)) selected.delete(id);
      else selected.add(id);
      return { selected, anchor: index };
    }
    case 'range':
    case 'addRange': {
      const anchor = state.anchor ?? index;
      const range = idsBetween(Math.min(anchor, index), Math.max(anchor, index));
      const selected = gesture === 'addRange' ? new Set([...state.selected, ...range]) : new Set(range);
      return { selected, anchor };
    }
  }
}

/** The gesture a mouse click with these modifier keys means. */
export function gestureOf(event: { readonly ctrlKey: boolean; readonly metaKey: boolean; readonly shiftKey: boolean }) {
  const ctrl = event.ctrlKey || event.metaKey;
  if (event.shiftKey) return ctrl ? 'addRange' : 'range';
  return ctrl ? 'toggle' : 'only';
}
