import { makeStyles } from '@fluentui/react-components';
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, type Ref, useCallback, useEffect, useImperativeHandle, useRef } from 'react';

const OVERSCAN = 12;

const useStyles = makeStyles({
  scroller: { overflowY: 'auto', flex: '1 1 auto', minHeight: 0, position: 'relative' },
  inner: { position: 'relative', width: '100%' },
  row: { position: 'absolute', top: 0, insetInlineStart: 0, width: '100%' },
});

/** What a keyboard-driven list asks of its scroller. */
export interface VirtualRowsHandle {
  /** Scrolls just enough to show the row (no jump when it is already in view). */
  scrollToIndex(index: number): void;
}

export interface VirtualRowsProps {
  readonly count: number;
  readonly rowHeight: number;
  readonly renderRow: (index: number) => ReactNode;
  /** Told which rows are on screen (plus overscan), to fetch their page. */
  readonly onRange?: (start: number, end: number) => void;
  /**
   * A row kept rendered even when scrolled away: the one holding the roving tabindex, so the list
   * stays reachable with Tab and keeps focus while the mouse wheel scrolls.
   */
  readonly keepIndex?: number;
  readonly handle?: Ref<VirtualRowsHandle>;
  readonly label: string;
  readonly role?: string;
  readonly testId?: string;
}

/** Renders only the rows in view (@tanstack/react-virtual), so thousands of rows scroll smoothly. */
export function VirtualRows({
  count,
  rowHeight,
  renderRow,
  onRange,
  keepIndex,
  handle,
  label,
  role = 'list',
  testId,
}: VirtualRowsProps) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (keepIndex === undefined || keepIndex >= count || indexes.includes(keepIndex)) return indexes;
      return [...indexes, keepIndex].sort((a, b) => a - b);
    },
    [keepIndex, count],
  );
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    rangeExtractor,
  });
  useImperativeHandle(handle, () => ({ scrollToIndex: (index) => virtualizer.scrollToIndex(index) }), [virtualizer]);
  const items = virtualizer.getVirtualItems();
  // The rows in view plus overscan (not `items`, which may hold the kept row far away).
  const range = virtualizer.range;
  const first = range ? Math.max(0, range.startIndex - OVERSCAN) : 0;
  const last = range ? Math.min(count - 1, range.endIndex + OVERSCAN) : 0;
  useEffect(() => {
    if (count > 0) onRange?.(first, last);
  }, [first, last, count, onRange]);
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: role is list or tree, both take a label.
    <div
      ref={scroller}
      className={styles.scroller}
      role={role}
      aria-label={label}
      data-testid={testId}
      data-count={count}
    >
      <div className={styles.inner} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <div
            key={item.key}
            className={styles.row}
            style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            data-index={item.index}
          >
            {renderRow(item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
