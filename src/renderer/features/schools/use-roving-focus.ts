import { type RefObject, useMemo, useRef, useState } from 'react';
import type { VirtualRowsHandle } from '../../components/virtual-rows.js';

export interface RovingFocus {
  /** The row that holds the tabindex (`undefined` while there are no rows). */
  readonly index: number | undefined;
  /** The scroller, to bring a row moved to into view. */
  readonly list: RefObject<VirtualRowsHandle | null>;
  /** Moves keyboard focus to a row: scrolls to it, and it takes DOM focus once rendered. */
  focusRow(index: number): void;
  /** Remembers a row the officer clicked as the one holding the tabindex. */
  remember(key: string): void;
  /** The ref a row passes its element to, so a row moved to by key takes focus when it appears. */
  refFor(index: number): (element: HTMLElement | null) => void;
}

/**
 * One row of a virtualised list holds the roving tabindex: the one last moved to, else the selected
 * one, else the first.
 */
export function useRovingFocus(
  rows: readonly { readonly key: string }[],
  selectedKey: string | undefined,
): RovingFocus {
  const [focusKey, setFocusKey] = useState<string>();
  const index = useMemo(() => {
    const at = (key: string | undefined) => (key === undefined ? -1 : rows.findIndex((r) => r.key === key));
    const found = [at(focusKey), at(selectedKey), 0].find((i) => i >= 0) ?? 0;
    return rows.length > 0 ? found : undefined;
  }, [rows, focusKey, selectedKey]);
  const list = useRef<VirtualRowsHandle>(null);
  // Set by a key press: the row takes DOM focus once rendered (after scrolling it may be new).
  const moveFocus = useRef(false);
  return {
    index,
    list,
    focusRow: (to) => {
      const row = rows[to];
      if (!row) return;
      moveFocus.current = true;
      setFocusKey(row.key);
      list.current?.scrollToIndex(to);
    },
    remember: setFocusKey,
    refFor: (at) => (element) => {
      if (element && at === index && moveFocus.current) {
        moveFocus.current = false;
        element.focus({ preventScroll: true });
      }
    },
  };
}
