import { Badge, Button, makeStyles, ProgressBar, Spinner, Text, Tooltip, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular, CircleFilled } from '@fluentui/react-icons';
import { useState } from 'react';
import { entityGraph } from '../../shared/entity-graph.js';
import type { AppError } from '../../shared/errors.js';
import type { SyncProgressView, SyncStatus } from '../../shared/ipc/schemas/sync-status.js';
import { useApi } from '../api/api-context.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatNumber, formatWhen } from '../components/format.js';
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
  progress: { display: 'flex', alignItems: 'center', gap: '8px', flex: '1 1 auto', maxWidth: '560px' },
  phase: { flexShrink: 0 },
  meter: { flex: '1 1 auto', minWidth: '120px' },
  spacer: { flex: '1 1 auto' },
  dot: { fontSize: '10px' },
  error: { padding: '0 16px 6px', backgroundColor: tokens.colorNeutralBackground3 },
});

/** Online state, last sync, the running phase with its progress, queue counts and "Sync now": on every screen. */
export function StatusBar({ onOpenQueue }: { readonly onOpenQueue: () => void }) {
  const styles = useStyles();
  const api = useApi();
  const { sync, session } = useAppStatus();
  const [syncError, setSyncError] = useState<AppError>();
  if (!sync) return <div className={styles.bar} />;
  const syncNow = async () => {
    setSyncError(undefined);
    const result = await api.sync.now();
    if (!result.ok) setSyncError(result.error);
    else if (result.value.error) setSyncError(result.value.error);
  };
  const shownError = syncError ?? sync.lastError ?? undefined;
  return (
    <section
      aria-label="Sync status"
      data-testid="status-bar"
      data-running={sync.running}
      data-connectivity={sync.connectivity}
    >
      {shownError && session?.signedIn ? (
        <div className={styles.error}>
          <ErrorNotice error={shownError} context="sync" title="Last sync did not finish" intent="warning" compact />
        </div>
      ) : null}
      <div className={styles.bar}>
        <Connectivity state={session?.signedIn ? sync.connectivity : 'signed-out'} />
        <Text size={200} data-testid="last-synced">
          Last sync: {formatWhen(sync.lastSyncedAt)}
        </Text>
        <div className={styles.progress}>
          {sync.running && sync.progress ? <RunningPhase progress={sync.progress} /> : null}
        </div>
        <span className={styles.spacer} />
        <UpdateStatusItem />
        <Tooltip content="Changes waiting to be sent" relationship="description">
          <Button appearance="subtle" size="small" onClick={onOpenQueue} data-testid="pending-count">
            {formatNumber(sync.queue.pending + sync.queue.inFlight + sync.queue.failed)} pending
          </Button>
        </Tooltip>
        <Badge
          appearance={sync.queue.needsAttention > 0 ? 'filled' : 'outline'}
          color={sync.queue.needsAttention > 0 ? 'danger' : 'informative'}
          data-testid="attention-count"
        >
          {formatNumber(sync.queue.needsAttention)} need attention
        </Badge>
        <Button
          appearance="primary"
          size="small"
          icon={sync.running ? <Spinner size="extra-tiny" /> : <ArrowSyncRegular />}
          disabled={!session?.signedIn}
          onClick={syncNow}
          data-testid="sync-now"
        >
          {sync.running ? 'Syncing…' : 'Sync now'}
        </Button>
      </div>
    </section>
  );
}

function Connectivity({ state }: { readonly state: SyncStatus['connectivity'] | 'signed-out' }) {
  const styles = useStyles();
  const color =
    state === 'online'
      ? tokens.colorPaletteGreenForeground1
      : state === 'offline'
        ? tokens.colorPaletteRedForeground1
        : tokens.colorNeutralForeground3;
  const label = {
    online: 'Online',
    offline: 'Offline',
    unknown: 'Checking connection…',
    'signed-out': 'Not signed in',
  }[state];
  return (
    <Text size={200} weight="semibold" data-testid="connectivity">
      <CircleFilled className={styles.dot} style={{ color }} /> {label}
    </Text>
  );
}

const PHASE_WORDS: Record<SyncProgressView['phase'], string> = {
  pull: 'Receiving',
  push: 'Sending changes',
  photos: 'Uploading photos',
  idle: 'Finishing',
};

function RunningPhase({ progress }: { readonly progress: SyncProgressView }) {
  const fraction = progress.total ? Math.min(1, progress.done / progress.total) : undefined;
  const styles = useStyles();
  const label = progress.collection ? entityGraph.byCollection.get(progress.collection)?.label : undefined;
  const what = label ? ` ${label.toLowerCase()}s` : '';
  return (
    <>
      <Text size={200} data-testid="sync-phase" wrap={false} className={styles.phase}>
        {PHASE_WORDS[progress.phase]}
        {progress.phase === 'pull' ? what : ''} · {formatNumber(progress.done)}
        {progress.total ? ` of ${formatNumber(progress.total)}` : ''}
      </Text>
      <ProgressBar
        className={styles.meter}
        value={fraction}
        thickness="large"
        aria-label="Sync progress"
        data-testid="sync-progress"
        data-done={progress.done}
      />
    </>
  );
}
