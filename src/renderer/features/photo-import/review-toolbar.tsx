import { Button, makeStyles, Select, Text } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { VisitOption } from '../../../shared/ipc/schemas/photos.js';
import type { RankedVisit } from '../../../shared/photos/nearest-visits.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap', margin: '8px 0' },
});

export interface ReviewToolbarProps {
  /** The visits to move photos to, nearest the selected photos first (see `nearestVisits`). */
  readonly visits: readonly RankedVisit<VisitOption>[];
  readonly selectedCount: number;
  /** The visit that Move sends the selected photos to. */
  readonly target: string;
  readonly onTarget: (visitId: string) => void;
  readonly onSelectAll: () => void;
  /** Moves the selected photos to a visit, or to the photo inbox (`null`, where `noVisit` offers it). */
  readonly onMove: (visitId: string | null) => void;
  /** Offer "No visit yet" (the review; the inbox itself offers its own actions in `children`). */
  readonly noVisit?: boolean;
  readonly children?: ReactNode;
}

/** Bulk actions over the selected photos: select all, pick a visit, move them there or to the photo inbox. */
export function ReviewToolbar({
  visits,
  selectedCount,
  target,
  onTarget,
  onSelectAll,
  onMove,
  noVisit = true,
  children,
}: ReviewToolbarProps) {
  const styles = useStyles();
  const { t, format } = useT();
  return (
    <div className={styles.toolbar}>
      <Text>{t('photo-import:toolbar.selected', { count: selectedCount })}</Text>
      <Button size="small" onClick={onSelectAll}>
        {t('photo-import:toolbar.selectAll')}
      </Button>
      <Select
        value={target}
        onChange={(_, d) => onTarget(d.value)}
        data-testid="target-visit"
        aria-label={t('photo-import:toolbar.visit')}
      >
        {visits.map(({ visit, days, metres }) => (
          <option key={visit.id} value={visit.id} data-days={days ?? ''} data-metres={metres ?? ''}>
            {[
              `${visit.schoolName}, ${format.date(visit.visitDate)}`,
              ...(days === null ? [] : [t('photo-import:toolbar.optionDays', { days })]),
              ...(metres === null ? [] : [t('photo-import:toolbar.optionKm', { km: Math.round(metres / 100) / 10 })]),
            ].join(' · ')}
          </option>
        ))}
      </Select>
      <Button
        size="small"
        appearance="primary"
        disabled={selectedCount === 0 || !target}
        onClick={() => onMove(target)}
        data-testid="move-to-visit"
      >
        {t('photo-import:toolbar.move')}
      </Button>
      {noVisit ? (
        <Button size="small" disabled={selectedCount === 0} onClick={() => onMove(null)} data-testid="leave-out">
          {t('photo-import:toolbar.leaveOut')}
        </Button>
      ) : null}
      {children}
    </div>
  );
}
