import { Caption1, makeStyles, Tab, TabList, Title3 } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueItem } from '../../../shared/ipc/schemas/queue.js';
import { useApi } from '../../api/api-context.js';
import { useAppEvent } from '../../api/use-app-event.js';
import { usePagedRows } from '../../components/use-paged-rows.js';
import { VirtualRows } from '../../components/virtual-rows.js';
import { useT } from '../../state/i18n/use-t.js';
import { needingAttention } from '../../state/needing-attention.js';
import { useAppStatus } from '../../state/status-context.js';
import type { QueueFocus } from '../../state/use-route.js';
import { PhotoUploadsCard } from './photo-uploads-card.js';
import { QueueRow, ROW_HEIGHT } from './queue-row.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '16px 20px',
    height: '100%',
    boxSizing: 'border-box',
  },
  list: { display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 },
});

type Filter = 'all' | 'pending' | 'in_flight' | 'failed' | 'needs_attention' | 'attention';

/** The states each tab lists (`attention`: what the home page counts as needing the officer). */
const STATES: Record<Exclude<Filter, 'all'>, ('pending' | 'in_flight' | 'failed' | 'needs_attention')[]> = {
  pending: ['pending'],
  in_flight: ['in_flight'],
  failed: ['failed'],
  needs_attention: ['needs_attention'],
  attention: ['failed', 'needs_attention'],
};

/**
 * Outbox operations by state, with retry and discard; photo uploads below. `show` (from the home page)
 * opens it on the changes held or failing, or brings the photo uploads into view.
 */
export function QueueScreen({ show }: { readonly show?: QueueFocus | undefined }) {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const { sync } = useAppStatus();
  const [filter, setFilter] = useState<Filter>(show === 'attention' ? 'attention' : 'all');
  const photos = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (show !== 'photos') return;
    photos.current?.scrollIntoView({ block: 'nearest' });
    photos.current?.focus();
  }, [show]);
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const result = await api.queue.list({ offset, limit, ...(filter === 'all' ? {} : { states: STATES[filter] }) });
      return result;
    },
    [api, filter],
  );
  const rows = usePagedRows<QueueItem>(fetchPage, [filter]);
  useAppEvent('queue:changed', rows.reload);
  const counts = sync?.queue;
  const tab = (value: Filter, label: string, n: number | undefined) => (
    <Tab value={value} data-testid={`queue-tab-${value}`}>
      {t('queue:tab', { label, count: format.number(n ?? 0) })}
    </Tab>
  );
  const total = counts ? counts.pending + counts.inFlight + counts.failed + counts.needsAttention : 0;
  return (
    <div className={styles.root} data-testid="queue-screen">
      <Title3 as="h1">{t('queue:title')}</Title3>
      <TabList selectedValue={filter} onTabSelect={(_, d) => setFilter(d.value as Filter)}>
        {tab('all', t('queue:all'), total)}
        {tab('pending', t('queue:state.pending'), counts?.pending)}
        {tab('in_flight', t('queue:state.in_flight'), counts?.inFlight)}
        {tab('failed', t('queue:state.failed'), counts?.failed)}
        {tab('needs_attention', t('queue:state.needs_attention'), counts?.needsAttention)}
        {tab('attention', t('queue:attention'), counts ? needingAttention(counts) : undefined)}
      </TabList>
      <div className={styles.list}>
        {rows.total === 0 ? <Caption1 data-testid="queue-empty">{t('queue:empty')}</Caption1> : null}
        <VirtualRows
          count={rows.total ?? 0}
          rowHeight={ROW_HEIGHT}
          onRange={rows.ensure}
          label={t('queue:listLabel')}
          testId="queue-list"
          renderRow={(i) => <QueueRow item={rows.row(i)} />}
        />
      </div>
      <PhotoUploadsCard ref={photos} />
    </div>
  );
}
