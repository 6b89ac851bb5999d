import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  ProgressBar,
  Text,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowRepeatAllRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useApi } from '../api/api-context.js';
import { useT } from '../state/i18n/use-t.js';
import { useUpdateStatus } from '../state/use-update-status.js';

const useStyles = makeStyles({
  item: { display: 'flex', alignItems: 'center', gap: '8px', flexShrink: 0 },
  meter: { width: '96px' },
});

/**
 * The app's own update in the status bar: the background download's progress, then a "Restart…" that
 * asks first. Nothing shows while there is nothing to say (no update, checking, a failed check: those
 * are in Settings), so the bar stays about the officer's data.
 */
export function UpdateStatusItem() {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const status = useUpdateStatus();
  const [asking, setAsking] = useState(false);
  if (!status?.version) return null;
  const version = status.version;

  if (status.state === 'downloading') {
    const percent = status.progress?.percent ?? 0;
    return (
      <div className={styles.item} data-testid="update-downloading">
        <ArrowDownloadRegular aria-hidden />
        <Text size={200} wrap={false}>
          {t('app:update.downloading', { version, percent: format.percent(percent / 100) })}
        </Text>
        <ProgressBar
          className={styles.meter}
          value={percent / 100}
          aria-label={t('app:update.downloadProgress')}
          data-testid="update-progress"
        />
      </div>
    );
  }
  if (status.state !== 'downloaded') return null;

  const restart = async () => {
    setAsking(false);
    await api.updates.restart();
  };
  return (
    <div className={styles.item} data-testid="update-ready">
      {status.restartWaitingFor ? (
        <Text size={200} wrap={false} data-testid="update-waiting">
          {t('app:update.waiting', { version, after: status.restartWaitingFor })}
        </Text>
      ) : (
        <>
          <Text size={200} wrap={false}>
            {t('app:update.ready', { version })}
          </Text>
          <Button
            size="small"
            icon={<ArrowRepeatAllRegular />}
            onClick={() => setAsking(true)}
            data-testid="update-restart"
          >
            {t('app:update.restart')}
          </Button>
        </>
      )}
      <Dialog open={asking} onOpenChange={(_, d) => setAsking(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('app:update.askTitle', { version })}</DialogTitle>
            <DialogContent>{t('app:update.askBody')}</DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setAsking(false)} data-testid="update-later">
                {t('app:update.later')}
              </Button>
              <Button appearance="primary" onClick={() => void restart()} data-testid="update-restart-now">
                {t('app:update.restartNow')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
