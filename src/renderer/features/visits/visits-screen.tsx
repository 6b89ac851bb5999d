import { Caption1, makeStyles, Tab, TabList, Title3 } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { VisitRow } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { useReloadOnDataChange } from '../../api/use-app-event.js';
import { formatNumber } from '../../components/format.js';
import { usePagedRows } from '../../components/use-paged-rows.js';
import { VisitList } from '../../components/visit-list.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '16px 20px',
    height: '100%',
    boxSizing: 'border-box',
  },
});

type Filter = 'pending' | 'flagged' | 'approved' | 'all';

/** Every visit in the officer's scope, newest first, filtered by review status: the review worklist. */
export function VisitsScreen() {
  const styles = useStyles();
  const api = useApi();
  const [filter, setFilter] = useState<Filter>('pending');
  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.graph.visits({ offset, limit, ...(filter === 'all' ? {} : { reviewStatus: filter }) }),
    [api, filter],
  );
  const rows = usePagedRows<VisitRow>(fetchPage, [filter]);
  useReloadOnDataChange(['schoolVisit'], rows.reload);
  return (
    <div className={styles.root} data-testid="visits-screen">
      <Title3 as="h1">Visits</Title3>
      <TabList selectedValue={filter} onTabSelect={(_, d) => setFilter(d.value as Filter)}>
        <Tab value="pending">Awaiting review</Tab>
        <Tab value="flagged">Flagged</Tab>
        <Tab value="approved">Approved</Tab>
        <Tab value="all">All</Tab>
      </TabList>
      <Caption1 data-testid="visit-total">
        {rows.total === undefined ? 'Loading…' : `${formatNumber(rows.total)} visits`}
      </Caption1>
      <VisitList rows={rows} showSchool />
    </div>
  );
}
