import {
  Badge,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  ProgressBar,
  Spinner,
  Text,
  Tooltip,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular, CircleFilled, DismissRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { entityGraph } from '../../shared/entity-graph.js';
import type { AppError } from '../../shared/errors.js';
import { entityWords } from '../../shared/i18n/entity-words.js';
import { lookupWith } from '../../shared/i18n/translator.js';
import type { SyncProgressView, SyncStatus } from '../../shared/ipc/schemas/sync-status.js';
import { type PhaseStart, phaseStartOf, progressFigures } from '../../shared/sync-progress-figures.js';
import { progressParts } from '../../shared/sync-progress-words.js';
import { useApi } from '../api/api-context.js';
import { useAppEvent } from '../api/use-app-event.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useT } from '../state/i18n/use-t.js';
import { needingAttention } from '../state/needing-attention.js';
import { useAppStatus } from '../state/status-context.js';
import { UpdateStatusItem } from './update-status.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: '16px',
    padding: '6px 16px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
    minHeight: '36px',
  },
  // Takes the free middle of the bar (pushing the counts and Sync now to the right).
  progress: { display: 'flex', alignItems: 'center', gap: '8px', flex: '1 1 auto', minWidth: 0 },
  // The words first (how far, how fast, how long): the bar gives way to them.
  phase: { flex: '0 1 auto', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' },
  meter: { flex: '0 1 160px', minWidth: '48px' },
  dot: { fontSize: '10px' },
  notice: { padding: '0 16px 6px', backgroundColor: tokens.colorNeutralBackground3 },
});

/** Errors the offline banner already explains (the server could not be reached). */
const UNREACHABLE = new Set(['NETWORK', 'TIMEOUT']);

/**
 * Online state, last sync, the running phase with its figures and a Cancel, queue counts and
 * "Sync now": on every screen. Offline, a banner says the work is safe and offers "Try again now".
 */
export function StatusBar({
  onOpenQueue,
}: {
  /** Opens the queue; `attention` opens it on the changes held or failing. */
  readonly onOpenQueue: (show?: 'attention') => void;
}) {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const { sync, session } = useAppStatus();
  const [syncError, setSyncError] = useState<AppError>();
  const [cancelled, setCancelled] = useState<number>();
  const [cancelling, setCancelling] = useState(false);
  // The officer closed the failure notice; the next sync's outcome shows again.
  const [dismissed, setDismissed] = useState(false);
  useAppEvent('sync:finished', ({ summary }) => {
    setCancelling(false);
    setDismissed(false);
    setCancelled(summary.error?.code === 'CANCELLED' ? summary.pulled : undefined);
  });
  if (!sync) return <div className={styles.bar} />;
  const signedIn = session?.signedIn === true;
  const syncNow = async () => {
    setSyncError(undefined);
    setCancelled(undefined);
    const result = await api.sync.now();
    if (!result.ok) setSyncError(result.error);
    else if (result.value.error && result.value.error.code !== 'CANCELLED') setSyncError(result.value.error);
  };
  const cancel = async () => {
    setCancelling(true);
    const result = await api.sync.cancel();
    if (!result.ok || !result.value) setCancelling(false);
  };
  const offline = signedIn && sync.connectivity === 'offline';
  const error = syncError ?? sync.lastError ?? undefined;
  const shownError =
    error && signedIn && error.code !== 'CANCELLED' && !(offline && UNREACHABLE.has(error.code)) ? error : undefined;
  const pending = sync.queue.pending + sync.queue.inFlight + sync.queue.failed;
  const attention = needingAttention(sync.queue);
  return (
    <section
      aria-label={t('app:statusBar.label')}
      data-testid="status-bar"
      data-running={sync.running}
      data-connectivity={sync.connectivity}
    >
      {offline ? <OfflineBanner /> : null}
      {shownError && !dismissed ? (
        <div className={styles.notice}>
          <ErrorNotice
            error={shownError}
            context="sync"
            title={t('app:statusBar.lastSyncFailed')}
            intent="warning"
            compact
            onDismiss={() => setDismissed(true)}
          />
        </div>
      ) : null}
      {cancelled !== undefined && signedIn && !sync.running ? (
        <CancelledNotice pulled={cancelled} onClose={() => setCancelled(undefined)} />
      ) : null}
      <div className={styles.bar}>
        <Connectivity state={signedIn ? sync.connectivity : 'signed-out'} />
        <Text size={200} data-testid="last-synced">
          {t('app:statusBar.lastSync', {
            when: sync.lastSyncedAt ? format.when(sync.lastSyncedAt) : t('app:statusBar.never'),
          })}
        </Text>
        <div className={styles.progress}>
          {sync.running && sync.progress ? <RunningPhase progress={sync.progress} /> : null}
          {sync.running && signedIn ? (
            <Tooltip content={t('app:statusBar.cancelTip')} relationship="description">
              <Button
                size="small"
                appearance="secondary"
                disabled={cancelling}
                onClick={cancel}
                data-testid="sync-cancel"
              >
                {cancelling ? t('app:statusBar.cancelling') : t('app:statusBar.cancel')}
              </Button>
            </Tooltip>
          ) : null}
        </div>
        <UpdateStatusItem />
        <Tooltip content={t('app:statusBar.pendingTip')} relationship="description">
          <Button appearance="subtle" size="small" onClick={() => onOpenQueue()} data-testid="pending-count">
            {t('app:statusBar.pending', { count: format.number(pending) })}
          </Button>
        </Tooltip>
        <Tooltip content={t('app:statusBar.attentionTip')} relationship="description">
          <Button
            appearance="subtle"
            size="small"
            onClick={() => onOpenQueue('attention')}
            data-testid="attention-button"
          >
            <Badge
              appearance={attention > 0 ? 'filled' : 'outline'}
              color={attention > 0 ? 'danger' : 'informative'}
              data-testid="attention-count"
            >
              {t('app:statusBar.attention', { count: format.number(attention) })}
            </Badge>
          </Button>
        </Tooltip>
        <Button
          appearance="primary"
          size="small"
          icon={sync.running ? <Spinner size="extra-tiny" /> : <ArrowSyncRegular />}
          disabled={!signedIn}
          onClick={syncNow}
          data-testid="sync-now"
        >
          {sync.running ? t('app:statusBar.syncing') : t('app:statusBar.syncNow')}
        </Button>
      </div>
    </section>
  );
}

/** Offline: the work is safe, Fieldsync keeps trying, and the officer can make it try now. */
function OfflineBanner() {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const [checking, setChecking] = useState(false);
  const [stillOffline, setStillOffline] = useState(false);
  const tryAgain = async () => {
    setChecking(true);
    setStillOffline(false);
    const result = await api.sync.checkConnection({});
    setChecking(false);
    setStillOffline(result.ok && result.value === 'offline');
  };
  return (
    <div className={styles.notice}>
      <MessageBar intent="warning" layout="multiline" data-testid="offline-banner">
        <MessageBarBody>
          <MessageBarTitle>{t('app:statusBar.offlineTitle')}</MessageBarTitle>
          {t('app:statusBar.offlineBody')}
          {stillOffline ? <span data-testid="still-offline"> {t('app:statusBar.stillOffline')}</span> : null}
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" disabled={checking} onClick={tryAgain} data-testid="try-again">
            {checking ? t('app:statusBar.checking') : t('app:statusBar.tryAgain')}
          </Button>
        </MessageBarActions>
      </MessageBar>
    </div>
  );
}

/** A cancelled sync kept what it received, and the next one goes on from there: say so. */
function CancelledNotice({ pulled, onClose }: { readonly pulled: number; readonly onClose: () => void }) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <div className={styles.notice}>
      <MessageBar intent="info" layout="singleline" data-testid="sync-cancelled">
        <MessageBarBody>
          <MessageBarTitle>{t('app:statusBar.cancelledTitle')}</MessageBarTitle>
          {t('app:statusBar.cancelledBody', { count: pulled })}
        </MessageBarBody>
        <MessageBarActions
          containerAction={
            <Button
              size="small"
              appearance="transparent"
              icon={<DismissRegular />}
              aria-label={t('app:statusBar.dismiss')}
              onClick={onClose}
            />
          }
        />
      </MessageBar>
    </div>
  );
}

function Connectivity({ state }: { readonly state: SyncStatus['connectivity'] | 'signed-out' }) {
  const styles = useStyles();
  const { t } = useT();
  const color =
    state === 'online'
      ? tokens.colorPaletteGreenForeground1
      : state === 'offline'
        ? tokens.colorPaletteRedForeground1
        : tokens.colorNeutralForeground3;
  const label = {
    online: t('app:statusBar.online'),
    offline: t('app:statusBar.offline'),
    unknown: t('app:statusBar.unknown'),
    'signed-out': t('app:statusBar.signedOut'),
  }[state];
  return (
    <Text size={200} weight="semibold" data-testid="connectivity">
      <CircleFilled className={styles.dot} style={{ color }} /> {label}
    </Text>
  );
}

/** The running phase: what, done of total, percent, rate and time left; the bar never goes back. */
function RunningPhase({ progress }: { readonly progress: SyncProgressView }) {
  const styles = useStyles();
  const { t, format } = useT();
  const { i18n } = useTranslation();
  const start = useRef<PhaseStart | undefined>(undefined);
  start.current = phaseStartOf(progress, start.current);
  const figures = progressFigures(progress, start.current);
  const entity = progress.collection ? entityGraph.byCollection.get(progress.collection)?.name : undefined;
  const what = entity ? entityWords(lookupWith(i18n)).kind(entity, 'other').toLocaleLowerCase(format.locale) : '';
  const parts = [
    ...(progress.resync ? [t('app:statusBar.resync')] : []),
    ...progressParts({ t, format }, progress, figures, what),
  ];
  return (
    <>
      <Text size={200} data-testid="sync-phase" wrap={false} truncate className={styles.phase}>
        {parts.join(' · ')}
      </Text>
      <ProgressBar
        className={styles.meter}
        value={figures.fraction}
        thickness="large"
        aria-label={t('app:statusBar.progressLabel')}
        data-testid="sync-progress"
        data-done={progress.done}
        data-total={figures.total ?? ''}
      />
    </>
  );
}
