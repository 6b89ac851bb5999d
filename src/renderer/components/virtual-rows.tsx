import { makeStyles } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';

const useStyles = makeStyles({
  scroller: { overflowY: 'auto', flex: '1 1 auto', minHeight: 0, position: 'relative' },
  inner: { position: 'relative', width: '100%' },
  row: { position: 'absolute', top: 0, left: 0, width: '100%' },
});

export interface VirtualRowsProps {
  readonly count: number;
  readonly rowHeight: number;
  readonly renderRow: (index: number) => ReactNode;
  /** Told which rows are on screen (plus overscan), to fetch their page. */
  readonly onRange?: (start: number, end: number) => void;
  readonly label: string;
  readonly role?: string;
  readonly testId?: string;
}

/** Renders only the rows in view (@tanstack/react-virtual), so thousands of rows scroll smoothly. */
export function VirtualRows({ count, rowHeight, renderRow, onRange, label, role = 'list', testId }: VirtualRowsProps) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
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
