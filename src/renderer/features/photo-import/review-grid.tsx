import { makeStyles } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ImportCandidateView, ImportScanView } from '../../../shared/ipc/schemas/photos.js';
import { nearestVisits } from '../../../shared/photos/nearest-visits.js';
import { useT } from '../../state/i18n/use-t.js';
import { ReviewToolbar } from './review-toolbar.js';
import { useScanThumbnails } from './use-scan-thumbnails.js';
import { HEADER_HEIGHT, PhotoTile, TILE_HEIGHT, VisitGroupHeader } from './visit-photo-group.js';

/** Visit id per photo; `null` = left out of the import. */
export type Assignments = ReadonlyMap<string, string | null>;

const UNASSIGNED = '';
const TILE_MIN_WIDTH = 160;
const GAP = 8;
/** How long the ticks settle before main is told (ticking fast sends one message, not one a tick). */
const KEEP_SELECTION_MS = 400;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', flexGrow: 1, flexBasis: 0, minHeight: '320px' },
  scroller: { flexGrow: 1, flexBasis: 0, minHeight: 0, overflowY: 'auto', overflowX: 'hidden', padding: '2px' },
  row: { position: 'absolute', top: 0, insetInlineStart: 0, width: '100%' },
  tiles: { display: 'grid', gap: `${GAP}px` },
});

/** One line of the virtual grid: a visit's title, or up to `columns` of its photos. */
type Row =
  | { readonly kind: 'header'; readonly visitId: string; readonly count: number }
  | { readonly kind: 'tiles'; readonly visitId: string; readonly photos: readonly ImportCandidateView[] };

/**
 * Thumbnails grouped by the visit they are assigned to (first the suggestion), with bulk selection
 * and reassignment: select photos, pick a visit, move them; or leave them out. Only the rows on
 * screen exist in the page (a 5,000-photo card is a few dozen tiles at a time), and their previews
 * are asked of main as they come into view.
 */
export function ReviewGrid({
  scan,
  assignments,
  initialSelection,
  onAssign,
  onSelect,
}: {
  readonly scan: ImportScanView;
  readonly assignments: Assignments;
  /** The photos ticked when the review (re)started. */
  readonly initialSelection: ReadonlySet<string>;
  readonly onAssign: (shas: readonly string[], visitId: string | null) => void;
  /** The ticked photos, told once the ticking settles and when the grid goes. */
  readonly onSelect: (shas: ReadonlySet<string>) => void;
}) {
  const styles = useStyles();
  const { format } = useT();
  const [selected, setSelected] = useState<ReadonlySet<string>>(initialSelection);
  const [target, setTarget] = useState(scan.visits[0]?.id ?? UNASSIGNED);
  // The visits nearest the ticked photos (in date, then place) come first, and become the target.
  const ranked = useMemo(() => {
    return nearestVisits(
      scan.candidates.filter((c) => selected.has(c.sha256)),
      scan.visits,
    );
  }, [scan.candidates, scan.visits, selected]);
  const nearest = selected.size > 0 ? ranked[0]?.visit.id : undefined;
  useEffect(() => {
    if (nearest) setTarget(nearest);
  }, [nearest]);
  const visitName = useMemo(
    () => new Map(scan.visits.map((v) => [v.id, `${v.schoolName}, ${format.date(v.visitDate)}`])),
    [scan.visits, format],
  );
  const groups = useMemo(
    () => groupByVisit(scan.candidates, assignments, visitName),
    [scan.candidates, assignments, visitName],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useColumns(scroller);
  const rows = useMemo(() => toRows(groups, columns), [groups, columns]);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === 'header' ? HEADER_HEIGHT : TILE_HEIGHT + GAP),
    overscan: 4,
  });
  const { thumbnails, want } = useScanThumbnails({ scanId: scan.scanId });
  const items = virtual.getVirtualItems();
  useEffect(() => {
    for (const item of items) {
      const row = rows[item.index];
      if (row?.kind === 'tiles') for (const p of row.photos) if (p.hasThumbnail) want(p.sha256);
    }
  }, [items, rows, want]);
  useKeptSelection(selected, onSelect);
  const toggle = useCallback((sha: string, on: boolean) => {
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(sha);
      else next.delete(sha);
      return next;
    });
  }, []);
  const move = (visitId: string | null) => {
    onAssign([...selected], visitId);
    setSelected(new Set());
  };
  return (
    <div className={styles.root} data-testid="review-grid" data-rows={rows.length}>
      <ReviewToolbar
        visits={ranked}
        selectedCount={selected.size}
        target={target}
        onTarget={setTarget}
        onSelectAll={() => setSelected(new Set(scan.candidates.map((c) => c.sha256)))}
        onMove={move}
      />
      <div className={styles.scroller} ref={scroller} data-testid="review-scroller">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div key={item.key} className={styles.row} style={{ transform: `translateY(${item.start}px)` }}>
                {row.kind === 'header' ? (
                  <VisitGroupHeader visitId={row.visitId} visitName={visitName.get(row.visitId)} count={row.count} />
                ) : (
                  <div className={styles.tiles} style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
                    {row.photos.map((p) => (
                      <PhotoTile
                        key={p.sha256}
                        photo={p}
                        visitId={row.visitId}
                        thumbnail={thumbnails.get(p.sha256)}
                        selected={selected.has(p.sha256)}
                        onToggle={toggle}
                      />
                    ))}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** How many tiles fit across the scroller, following its width. */
function useColumns(scroller: React.RefObject<HTMLDivElement | null>): number {
  const [columns, setColumns] = useState(4);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setColumns(Math.max(1, Math.floor((el.clientWidth - 4 + GAP) / (TILE_MIN_WIDTH + GAP))));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [scroller]);
  return columns;
}

/** Tells `onSelect` the ticked photos once they settle, and at once when the grid goes (leaving the screen). */
function useKeptSelection(selected: ReadonlySet<string>, onSelect: (shas: ReadonlySet<string>) => void): void {
  const latest = useRef({ selected, onSelect, told: selected });
  latest.current = { ...latest.current, selected, onSelect };
  useEffect(() => {
    if (latest.current.told === selected) return;
    const timer = setTimeout(() => {
      latest.current.told = selected;
      onSelect(selected);
    }, KEEP_SELECTION_MS);
    return () => clearTimeout(timer);
  }, [selected, onSelect]);
  useEffect(
    () => () => {
      const { told, selected: now, onSelect: tell } = latest.current;
      if (told !== now) tell(now);
    },
    [],
  );
}

/** The photos per assigned visit, visits by school and date, the photos left out last. */
function groupByVisit(
  candidates: readonly ImportCandidateView[],
  assignments: Assignments,
  visitName: ReadonlyMap<string, string>,
): [string, ImportCandidateView[]][] {
  const byVisit = new Map<string, ImportCandidateView[]>();
  for (const c of candidates) {
    const key = assignments.get(c.sha256) ?? UNASSIGNED;
    const group = byVisit.get(key);
    if (group) group.push(c);
    else byVisit.set(key, [c]);
  }
  return [...byVisit.entries()].sort(([a], [b]) =>
    a === UNASSIGNED ? 1 : b === UNASSIGNED ? -1 : (visitName.get(a) ?? '').localeCompare(visitName.get(b) ?? ''),
  );
}

/** The groups as rows: each visit's title, then its photos `columns` to a row. */
function toRows(groups: readonly [string, ImportCandidateView[]][], columns: number): Row[] {
  const rows: Row[] = [];
  for (const [visitId, photos] of groups) {
    rows.push({ kind: 'header', visitId, count: photos.length });
    for (let i = 0; i < photos.length; i += columns) {
      rows.push({ kind: 'tiles', visitId, photos: photos.slice(i, i + columns) });
    }
  }
  return rows;
}
