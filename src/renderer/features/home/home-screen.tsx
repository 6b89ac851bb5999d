import {
  Caption1,
  Card,
  CardHeader,
  CompoundButton,
  makeStyles,
  Subtitle2,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import {
  BranchForkRegular,
  CalendarClockRegular,
  ClipboardTaskListLtrRegular,
  ImageMultipleRegular,
  WarningRegular,
} from '@fluentui/react-icons';
import { type ReactElement, useCallback, useEffect, useRef } from 'react';
import type { HomeCounts } from '../../../shared/ipc/schemas/home.js';
import { useApi } from '../../api/api-context.js';
import { useAppEvent, useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { useAppStatus } from '../../state/status-context.js';
import { navigate } from '../../state/use-route.js';
import { openWorklistOn } from '../../state/worklist-state.js';

const useStyles = makeStyles({
  // The page's one scroll area.
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
    padding: '16px 20px',
    height: '100%',
    boxSizing: 'border-box',
    overflowY: 'auto',
  },
  heading: { display: 'flex', alignItems: 'baseline', gap: '16px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))',
    gap: '12px',
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  tile: { width: '100%', height: '100%', justifyContent: 'flex-start', textAlign: 'start', padding: '12px 16px' },
  count: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
  label: { display: 'block', fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  sync: { maxWidth: '620px' },
  syncLine: { display: 'flex', gap: '12px', alignItems: 'baseline', flexWrap: 'wrap' },
});

type CountKey = Exclude<keyof HomeCounts, 'today'>;

/** Each count, its icon and the filtered list it opens. */
const TILES: readonly { key: CountKey; icon: ReactElement; open: () => void }[] = [
  {
    key: 'awaitingReview',
    icon: <ClipboardTaskListLtrRegular />,
    open: () => {
      openWorklistOn('pending');
      navigate({ screen: 'visits' });
    },
  },
  {
    key: 'followUpsDue',
    icon: <CalendarClockRegular />,
    open: () => {
      openWorklistOn('flagged', { followUpDue: true });
      navigate({ screen: 'visits' });
    },
  },
  { key: 'openConflicts', icon: <BranchForkRegular />, open: () => navigate({ screen: 'conflicts' }) },
  {
    key: 'photosNotUploaded',
    icon: <ImageMultipleRegular />,
    open: () => navigate({ screen: 'queue', show: 'photos' }),
  },
  { key: 'needsAttention', icon: <WarningRegular />, open: () => navigate({ screen: 'queue', show: 'attention' }) },
];

/**
 * The start page after sign-in: what needs the officer today, each a count (from the store, in SQL)
 * that opens the list it counts, and how the last sync went. Counts are read again whenever a sync, a
 * review, a resolution, an upload or a queue change may have moved them.
 */
export function HomeScreen() {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const counts = useResult(() => api.home.counts(), []);
  const reloadSoon = useSoon(counts.reload);
  useReloadOnDataChange(['schoolVisit', 'photo'], counts.reload);
  useAppEvent('sync:finished', reloadSoon);
  useAppEvent('queue:changed', reloadSoon);
  useAppEvent('conflicts:changed', reloadSoon);
  useAppEvent('photos:progress', (event) => {
    if (event.progress.kind === 'photo-file') reloadSoon();
  });
  const data = counts.data;
  return (
    <div className={styles.root} data-testid="home-screen">
      <div className={styles.heading}>
        <Title3 as="h1">{t('home:title')}</Title3>
        {data ? <Caption1 className={styles.muted}>{format.date(data.today)}</Caption1> : null}
      </div>
      {counts.error ? <ErrorNotice error={counts.error} /> : null}
      <ul className={styles.tiles} aria-label={t('home:countsLabel')}>
        {TILES.map(({ key, icon, open }) => {
          const n = data?.[key];
          return (
            <li key={key}>
              <CompoundButton
                className={styles.tile}
                icon={icon}
                onClick={open}
                disabled={n === undefined}
                secondaryContent={t(`home:${key}.hint`)}
                data-testid={`home-${key}`}
                data-count={n ?? ''}
              >
                <span>
                  <span className={styles.count} data-testid="home-count">
                    {n === undefined ? '…' : format.number(n)}
                  </span>
                  <span className={styles.label}>{t(`home:${key}.label`, { count: n ?? 0 })}</span>
                </span>
              </CompoundButton>
            </li>
          );
        })}
      </ul>
      <LastSync />
    </div>
  );
}

/** When the last sync was and how it went (the status bar's "Sync now" starts one). */
function LastSync() {
  const styles = useStyles();
  const { t, format } = useT();
  const { sync } = useAppStatus();
  if (!sync) return null;
  const result = sync.running
    ? t('home:lastSync.running')
    : sync.lastError
      ? t('home:lastSync.failed')
      : sync.lastSyncedAt
        ? t('home:lastSync.finished')
        : null;
  return (
    <Card className={styles.sync} data-testid="home-last-sync" data-failed={sync.lastError !== null}>
      <CardHeader header={<Subtitle2 as="h2">{t('home:lastSync.title')}</Subtitle2>} />
      <div className={styles.syncLine}>
        <Text weight="semibold" data-testid="home-last-sync-when">
          {sync.lastSyncedAt ? format.when(sync.lastSyncedAt) : t('home:lastSync.never')}
        </Text>
        {result ? <Text data-testid="home-last-sync-result">{result}</Text> : null}
      </div>
      {sync.lastError && !sync.running ? (
        <ErrorNotice error={sync.lastError} context="sync" intent="warning" compact />
      ) : null}
    </Card>
  );
}

/** `reload` at most twice a second: uploads and pulls send many events in a row. */
function useSoon(reload: () => void): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      reload();
    }, 500);
  }, [reload]);
}
