import {
  Button,
  Caption1,
  Link,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { VisitRow } from '../../../shared/ipc/schemas/graph.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { ReviewStatusBadge } from '../../components/review-status-badge.js';
import type { PagedRows } from '../../components/use-paged-rows.js';
import { useT } from '../../state/i18n/use-t.js';
import { navigate, routeHash } from '../../state/use-route.js';

/** Rows shown at first and added by "Show more": a school has tens of visits, rarely hundreds. */
const STEP = 50;

const useStyles = makeStyles({
  // Columns as wide as their words, so a badge or a long French status is never cut.
  table: { tableLayout: 'auto' },
  row: { cursor: 'pointer' },
  nowrap: { whiteSpace: 'nowrap' },
  more: { alignSelf: 'flex-start', marginBlockStart: '8px' },
  empty: { color: tokens.colorNeutralForeground3 },
});

/**
 * A school's visits as a table with headings, in the page's own scroll (no inner scroll area): the
 * first rows at once, more on request, each row opening its visit.
 */
export function SchoolVisitsTable({ rows }: { readonly rows: PagedRows<VisitRow> }) {
  const styles = useStyles();
  const { t, format, words } = useT();
  const [shown, setShown] = useState(STEP);
  const total = rows.total ?? 0;
  const count = Math.min(shown, total);
  const { ensure } = rows;
  useEffect(() => ensure(0, Math.max(0, shown - 1)), [ensure, shown]);
  if (rows.error) return <ErrorNotice error={rows.error} />;
  if (rows.total === 0) return <Caption1 className={styles.empty}>{t('visits:list.empty')}</Caption1>;
  const visits = Array.from({ length: count }, (_, i) => rows.row(i)).filter((v): v is VisitRow => v !== undefined);
  return (
    <>
      <Table size="small" className={styles.table} aria-label={t('visits:list.label')} data-testid="visit-list">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{words.field('schoolVisit', 'visitDate')}</TableHeaderCell>
            <TableHeaderCell>{words.field('schoolVisit', 'monitorName')}</TableHeaderCell>
            <TableHeaderCell>{words.field('schoolVisit', 'status')}</TableHeaderCell>
            <TableHeaderCell>{words.field('schoolVisit', 'reviewStatus')}</TableHeaderCell>
            <TableHeaderCell aria-label={t('visits:list.markers')} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {visits.map((visit) => (
            <TableRow
              key={visit.id}
              className={styles.row}
              onClick={() => navigate({ screen: 'visit', visitId: visit.id })}
            >
              <TableCell className={styles.nowrap}>
                <Link
                  href={routeHash({ screen: 'visit', visitId: visit.id })}
                  // The school's name and date (and the monitor) name the link, though no school column shows.
                  aria-label={`${format.title(visit.title)}, ${visit.monitorName}`}
                  data-testid="visit-row"
                  data-visit-id={visit.id}
                >
                  {format.date(visit.visitDate)}
                </Link>
              </TableCell>
              <TableCell>{visit.monitorName}</TableCell>
              <TableCell className={styles.nowrap}>{words.value('schoolVisit', 'status', visit.status)}</TableCell>
              <TableCell className={styles.nowrap}>
                <ReviewStatusBadge status={visit.reviewStatus} />
              </TableCell>
              <TableCell className={styles.nowrap}>
                <RecordMarkers pending={visit.localState === 'pending'} conflicted={visit.conflicted} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {count < total ? (
        <Button className={styles.more} appearance="secondary" onClick={() => setShown(shown + STEP)}>
          {t('visits:list.showMore', { shown: count, total })}
        </Button>
      ) : null}
    </>
  );
}
