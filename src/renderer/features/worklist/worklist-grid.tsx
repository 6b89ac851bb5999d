import {
  Caption1,
  Checkbox,
  makeStyles,
  mergeClasses,
  Skeleton,
  SkeletonItem,
  tokens,
} from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular, ArrowSyncRegular, ImageRegular } from '@fluentui/react-icons';
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import {
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactElement,
  type Ref,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { WorklistRow, WorklistSort } from '../../../shared/ipc/schemas/worklist.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { ReviewStatusBadge } from '../../components/review-status-badge.js';
import type { PagedRows } from '../../components/use-paged-rows.js';
import { useT } from '../../state/i18n/use-t.js';
import type { WorklistView } from '../../state/worklist-state.js';
import { gestureOf, type SelectGesture } from './row-selection.js';
import { gridTemplate, WORKLIST_COLUMNS, type WorklistColumn } from './worklist-columns.js';

const ROW = 40;

/** The icons that stand for the narrow columns' names in their headers. */
const HEADER_ICONS: Partial<Record<WorklistColumn['key'], ReactElement>> = {
  photos: <ImageRegular fontSize={18} />,
  markers: <ArrowSyncRegular fontSize={18} />,
};
const HEADER = 36;

const useStyles = makeStyles({
  frame: {
    flex: '1 1 auto',
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
  scroller: { flex: '1 1 auto', minHeight: 0, overflow: 'auto', position: 'relative', outline: 'none' },
  sheet: { minWidth: '100%', width: 'max-content' },
  line: { display: 'grid', alignItems: 'center', boxSizing: 'border-box' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    height: `${HEADER}px`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  columnHeader: { position: 'relative', display: 'flex', alignItems: 'center', height: '100%', minWidth: 0 },
  sortButton: {
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    width: '100%',
    height: '100%',
    padding: '0 8px',
    border: 'none',
    background: 'none',
    font: 'inherit',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    textAlign: 'start',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    ':hover': { backgroundColor: tokens.colorNeutralBackground3Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  end: { justifyContent: 'flex-end', textAlign: 'end' },
  resizer: {
    position: 'absolute',
    top: 0,
    insetInlineEnd: 0,
    width: '6px',
    height: '100%',
    cursor: 'col-resize',
    borderInlineEndWidth: '1px',
    borderInlineEndStyle: 'solid',
    borderInlineEndColor: tokens.colorNeutralStroke2,
    ':hover': { backgroundColor: tokens.colorBrandBackground2 },
  },
  body: { position: 'relative' },
  row: {
    position: 'absolute',
    insetInlineStart: 0,
    width: '100%',
    height: `${ROW}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'default',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
    // High contrast replaces every background with the window colour: keep the selection visible in the
    // system's own selection colours.
    '@media (forced-colors: active)': {
      forcedColorAdjust: 'none',
      backgroundColor: 'Highlight',
      color: 'HighlightText',
      ':hover': { backgroundColor: 'Highlight' },
    },
  },
  cell: { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  school: { fontWeight: tokens.fontWeightSemibold },
  check: { display: 'flex', justifyContent: 'center' },
  markers: { display: 'flex', gap: '4px', overflow: 'hidden' },
  empty: { padding: '16px' },
});

type DivProps = HTMLAttributes<HTMLDivElement> & { readonly 'data-testid'?: string } & Record<
    `data-${string}`,
    unknown
  >;

/*
 * The WAI-ARIA grid's parts on divs: a virtualised grid positions its rows absolutely, which table
 * elements do not allow. Focus is on the row (one tab stop, arrows inside), so cells are not focusable.
 */
function Row({ ref, ...props }: DivProps & { readonly ref?: Ref<HTMLDivElement> }) {
  // biome-ignore lint/a11y/useSemanticElements: a virtualised row (see above).
  // biome-ignore lint/a11y/useFocusableInteractive: rows get their tabIndex from the grid (one tab stop).
  return <div role="row" ref={ref} {...props} />;
}

function Cell(props: DivProps) {
  // biome-ignore lint/a11y/useSemanticElements: a cell of a virtualised row (see above).
  // biome-ignore lint/a11y/useFocusableInteractive: the row holds the focus.
  return <div role="gridcell" {...props} />;
}

function ColumnHeader(props: DivProps) {
  // biome-ignore lint/a11y/useSemanticElements: the header of a virtualised grid (see above).
  // biome-ignore lint/a11y/useFocusableInteractive: its sort button takes the focus.
  return <div role="columnheader" {...props} />;
}

function RowGroup(props: DivProps) {
  // biome-ignore lint/a11y/useSemanticElements: see above.
  return <div role="rowgroup" {...props} />;
}

export interface WorklistGridProps {
  readonly rows: PagedRows<WorklistRow>;
  readonly view: WorklistView;
  readonly onSort: (sort: WorklistSort) => void;
  /** A row clicked or moved to with a gesture (plain, Ctrl, Shift). */
  readonly onSelect: (index: number, gesture: SelectGesture) => void;
  readonly onSelectAll: () => void;
  readonly onFocusRow: (index: number) => void;
  readonly onOpen: (visitId: string) => void;
  readonly onScroll: (top: number) => void;
}

/**
 * The worklist as a data grid (WAI-ARIA grid): column headers that sort and resize, rows rendered only
 * in view (@tanstack/react-virtual) and fetched a page at a time, one Tab stop with arrow keys inside,
 * Outlook's selection (click, Ctrl+click, Shift+click, Ctrl+A, Space) and Enter or a double click to open.
 */
export function WorklistGrid(props: WorklistGridProps) {
  const { rows, view, onSelect, onFocusRow, onOpen } = props;
  const styles = useStyles();
  const { t, format, words } = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const count = rows.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
    scrollMargin: HEADER,
    initialOffset: view.scrollTop,
    // The row holding the tab stop stays rendered when scrolled away, so Tab still reaches the grid.
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return view.focus >= count || indexes.includes(view.focus)
        ? indexes
        : [...indexes, view.focus].sort((a, b) => a - b);
    },
  });
  const items = virtualizer.getVirtualItems();
  const first = virtualizer.range?.startIndex ?? 0;
  const last = Math.min(count - 1, (virtualizer.range?.endIndex ?? 0) + 10);
  const { ensure } = rows;
  useEffect(() => {
    if (count > 0) ensure(first, last);
  }, [first, last, count, ensure]);
  // Back from a visit: the scroll position and the focused row the officer left, once the rows are there.
  const restored = useRef(view.scrollTop === 0 && view.selected.size === 0 && view.focus === 0);
  const focusedLoaded = rows.row(view.focus) !== undefined;
  useLayoutEffect(() => {
    if (restored.current || count === 0 || !scroller.current) return;
    if (scroller.current.scrollTop !== view.scrollTop) scroller.current.scrollTop = view.scrollTop;
    if (!focusedLoaded) return;
    restored.current = true;
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLElement>(`[data-row-index="${view.focus}"]`)?.focus({ preventScroll: true }),
    );
  }, [count, focusedLoaded, view.scrollTop, view.focus]);

  const template = gridTemplate(widths);
  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(count - 1, index));
    onFocusRow(target);
    virtualizer.scrollToIndex(target);
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLElement>(`[data-row-index="${target}"]`)?.focus({ preventScroll: true }),
    );
    return target;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const ctrl = event.ctrlKey || event.metaKey;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW * 10) / ROW) - 1);
    const moves: Record<string, number> = {
      ArrowDown: view.focus + 1,
      ArrowUp: view.focus - 1,
      PageDown: view.focus + page,
      PageUp: view.focus - page,
      Home: 0,
      End: count - 1,
    };
    if (ctrl && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      props.onSelectAll();
    } else if (event.key in moves && count > 0) {
      event.preventDefault();
      const target = focusRow(moves[event.key] ?? 0);
      if (event.shiftKey) onSelect(target, 'range');
      else if (!ctrl) onSelect(target, 'only');
    } else if (event.key === ' ' && count > 0) {
      event.preventDefault();
      onSelect(view.focus, 'toggle');
    } else if (event.key === 'Enter') {
      const row = rows.row(view.focus);
      if (row) onOpen(row.id);
    }
  };

  const startResize = (column: WorklistColumn) => (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const cell = event.currentTarget.parentElement;
    const startWidth = cell?.getBoundingClientRect().width ?? column.width;
    const startX = event.clientX;
    const move = (e: globalThis.PointerEvent) =>
      setWidths((w) => ({ ...w, [column.key]: Math.max(column.min, Math.round(startWidth + e.clientX - startX)) }));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const header = (
    <RowGroup className={styles.header} style={{ position: 'sticky' }}>
      <Row aria-rowindex={1} className={styles.line} style={{ gridTemplateColumns: template, height: HEADER }}>
        <ColumnHeader className={styles.check}>
          <Checkbox
            aria-label={t('worklist:grid.selectAll')}
            checked={count > 0 && view.selected.size >= count ? true : view.selected.size > 0 ? 'mixed' : false}
            onChange={(_, data) => (data.checked ? props.onSelectAll() : onSelect(-1, 'only'))}
            data-testid="worklist-select-all"
          />
        </ColumnHeader>
        {WORKLIST_COLUMNS.map((column) => {
          const sortable = column.key !== 'markers';
          const sorted = sortable && view.query.sort === column.key;
          const label = t(`worklist:column.${column.key}`);
          return (
            <ColumnHeader
              key={column.key}
              className={styles.columnHeader}
              aria-sort={sorted ? (view.query.descending ? 'descending' : 'ascending') : undefined}
              aria-label={column.icon && !sortable ? label : undefined}
              data-testid={`column-${column.key}`}
            >
              {sortable ? (
                <button
                  type="button"
                  className={mergeClasses(styles.sortButton, column.end && styles.end)}
                  onClick={() => props.onSort(column.key as WorklistSort)}
                  title={t('worklist:grid.sortBy', { column: label })}
                  aria-label={column.icon ? label : undefined}
                  data-testid={`sort-${column.key}`}
                >
                  {column.icon ? HEADER_ICONS[column.key] : label}
                  {sorted ? view.query.descending ? <ArrowSortDownRegular /> : <ArrowSortUpRegular /> : null}
                </button>
              ) : (
                <span className={mergeClasses(styles.sortButton)} title={column.icon ? label : undefined}>
                  {column.icon ? HEADER_ICONS[column.key] : label}
                </span>
              )}
              <div className={styles.resizer} onPointerDown={startResize(column)} aria-hidden="true" />
            </ColumnHeader>
          );
        })}
      </Row>
    </RowGroup>
  );

  const renderRow = (index: number, start: number) => {
    const row = rows.row(index);
    const top = start - HEADER;
    if (!row) {
      return (
        <Row key={`loading-${index}`} aria-rowindex={index + 2} className={styles.row} style={{ top }}>
          <Skeleton aria-label={t('worklist:grid.loadingRow')}>
            <SkeletonItem size={16} />
          </Skeleton>
        </Row>
      );
    }
    const selected = view.selected.has(row.id);
    return (
      <Row
        key={row.id}
        aria-rowindex={index + 2}
        aria-selected={selected}
        aria-label={rowName(
          t,
          row,
          format.date(row.visitDate),
          words.value('schoolVisit', 'reviewStatus', row.reviewStatus),
        )}
        tabIndex={index === view.focus ? 0 : -1}
        className={mergeClasses(styles.line, styles.row, selected && styles.selected)}
        style={{ top, gridTemplateColumns: template }}
        onClick={(event: MouseEvent) => {
          onFocusRow(index);
          onSelect(index, gestureOf(event));
        }}
        onDoubleClick={() => onOpen(row.id)}
        data-testid="worklist-row"
        data-row-index={index}
        data-visit-id={row.id}
        data-review={row.reviewStatus}
      >
        <Cell className={styles.check}>
          <Checkbox
            tabIndex={-1}
            checked={selected}
            aria-label={t('worklist:grid.selectRow', { school: row.schoolName, date: format.date(row.visitDate) })}
            onClick={(event) => {
              event.stopPropagation();
              onFocusRow(index);
              onSelect(index, event.shiftKey ? 'addRange' : 'toggle');
            }}
          />
        </Cell>
        <Cell className={mergeClasses(styles.cell, styles.school)} title={row.schoolName}>
          {row.schoolName}
        </Cell>
        <Cell className={styles.cell} title={row.districtName}>
          {row.districtName}
        </Cell>
        <Cell className={styles.cell}>{format.date(row.visitDate)}</Cell>
        <Cell className={styles.cell} title={row.monitorName}>
          {row.monitorName}
        </Cell>
        <Cell className={styles.cell}>{t(`entities:schoolVisit.values.status.${row.status}`)}</Cell>
        <Cell className={styles.cell}>
          <ReviewStatusBadge status={row.reviewStatus} />
        </Cell>
        <Cell className={mergeClasses(styles.cell, styles.end)} style={{ textAlign: 'end' }}>
          {row.photos > 0 ? format.number(row.photos) : ''}
        </Cell>
        <Cell className={mergeClasses(styles.cell, styles.markers)}>
          <RecordMarkers pending={row.localState === 'pending'} conflicted={row.conflicted} iconOnly />
        </Cell>
      </Row>
    );
  };

  return (
    <div className={styles.frame}>
      {/* biome-ignore lint/a11y/useSemanticElements: a virtualised grid (see Row). */}
      <div
        ref={scroller}
        className={styles.scroller}
        role="grid"
        aria-label={t('worklist:grid.label')}
        aria-rowcount={count + 1}
        aria-colcount={WORKLIST_COLUMNS.length + 1}
        aria-multiselectable="true"
        onKeyDown={onKeyDown}
        onScroll={(event) => props.onScroll(event.currentTarget.scrollTop)}
        data-testid="worklist-grid"
        data-count={count}
      >
        <div className={styles.sheet}>
          {header}
          <RowGroup className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => renderRow(item.index, item.start))}
          </RowGroup>
        </div>
        {rows.total === 0 ? <Caption1 className={styles.empty}>{t('worklist:grid.empty')}</Caption1> : null}
      </div>
    </div>
  );
}

/** A row's accessible name: the school, the date and the review status, then what is not yet synced. */
function rowName(t: ReturnType<typeof useT>['t'], row: WorklistRow, date: string, review: string): string {
  return [
    t('worklist:grid.rowName', { school: row.schoolName, date, review }),
    row.localState === 'pending' ? t('common:marker.pending') : '',
    row.conflicted ? t('common:marker.conflict') : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
}
