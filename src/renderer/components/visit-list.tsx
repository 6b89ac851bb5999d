import { Caption1, makeStyles, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import type { VisitRow } from '../../shared/ipc/schemas/graph.js';
import { useT } from '../state/i18n/use-t.js';
import { routeHash } from '../state/use-route.js';
import { ErrorNotice } from './error-notice.js';
import { RecordMarkers } from './record-markers.js';
import { ReviewStatusBadge } from './review-status-badge.js';
import type { PagedRows } from './use-paged-rows.js';
import { VirtualRows } from './virtual-rows.js';

const ROW = 44;

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: '110px minmax(120px, 1.4fr) minmax(100px, 1fr) 110px 130px auto',
    alignItems: 'center',
    gap: '12px',
    height: `${ROW}px`,
    padding: '0 12px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    backgroundColor: tokens.colorNeutralBackground1,
    cursor: 'pointer',
    color: 'inherit',
    textDecoration: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  markers: { display: 'flex', gap: '4px' },
  frame: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 1 auto',
    minHeight: 0,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
  },
  empty: { padding: '16px' },
});

export interface VisitListProps {
  readonly rows: PagedRows<VisitRow>;
  /** Show the school column (the worklist across schools), or not (inside a school). */
  readonly showSchool: boolean;
}

/** Visits as a virtualised list that fetches pages as it scrolls. */
export function VisitList({ rows, showSchool }: VisitListProps) {
  const styles = useStyles();
  const { t, format, words } = useT();
  if (rows.error) return <ErrorNotice error={rows.error} />;
  const renderRow = (index: number) => {
    const visit = rows.row(index);
    if (!visit) {
      return (
        <Skeleton className={styles.row} aria-label={t('visits:list.loadingRow')}>
          <SkeletonItem size={16} />
        </Skeleton>
      );
    }
    return (
      <a
        className={styles.row}
        href={routeHash({ screen: 'visit', visitId: visit.id })}
        // The school's name and date (and the monitor) name the link, inside a school's list too.
        aria-label={`${format.title(visit.title)}, ${visit.monitorName}`}
        title={`${format.title(visit.title)}, ${visit.monitorName}`}
        data-testid="visit-row"
        data-visit-id={visit.id}
      >
        <Text className={styles.cell}>{format.date(visit.visitDate)}</Text>
        <Text className={styles.cell} weight="semibold">
          {showSchool ? visit.schoolName : visit.monitorName}
        </Text>
        <Caption1 className={styles.cell}>{showSchool ? visit.monitorName : ''}</Caption1>
        <Caption1 className={styles.cell}>{words.value('schoolVisit', 'status', visit.status)}</Caption1>
        <ReviewStatusBadge status={visit.reviewStatus} />
        <span className={styles.markers}>
          <RecordMarkers pending={visit.localState === 'pending'} conflicted={visit.conflicted} />
        </span>
      </a>
    );
  };
  return (
    <div className={styles.frame}>
      {rows.total === 0 ? <Caption1 className={styles.empty}>{t('visits:list.empty')}</Caption1> : null}
      <VirtualRows
        count={rows.total ?? 0}
        rowHeight={ROW}
        renderRow={renderRow}
        onRange={rows.ensure}
        label={t('visits:list.label')}
        testId="visit-list"
      />
    </div>
  );
}
