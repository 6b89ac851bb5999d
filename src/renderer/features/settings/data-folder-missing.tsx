import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Text,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, FolderOpenRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { DataFolderStatus } from '../../../shared/ipc/schemas/data-folder.js';
import { useApi } from '../../api/api-context.js';
import { useAppEvent } from '../../api/use-app-event.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  bar: { margin: '12px 16px 0', flex: '0 0 auto' },
  // A long path in the sentence may break anywhere rather than push the buttons off the window.
  reason: { overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap', marginTop: '8px' },
});

type Action = 'retry' | 'locate' | 'startFresh';

/**
 * Shown on every screen while the data folder the officer chose is missing (a USB drive not plugged
 * in, another drive now using its letter, OneDrive having moved it) or its record is unreadable: main
 * never recreates it empty. The officer looks again, points to the folder, or starts afresh in the
 * app's own folder; Settings stays open meanwhile.
 */
export function DataFolderMissing() {
  const styles = useStyles();
  const api = useApi();
  const { t, say } = useT();
  const [status, setStatus] = useState<DataFolderStatus>();
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<AppError>();
  const [confirming, setConfirming] = useState(false);
  useAppEvent('dataFolder:status', (event) => setStatus(event.status));
  useEffect(() => {
    void api.settings.dataFolderStatus().then((r) => r.ok && setStatus(r.value));
  }, [api]);
  if (status?.state !== 'missing') return null;

  const recover = async (action: Action) => {
    setConfirming(false);
    setBusy(action);
    setError(undefined);
    const result = await api.settings.recoverDataFolder({ action });
    setBusy(null);
    if (result.ok) setStatus(result.value);
    else setError(result.error);
  };
  return (
    <MessageBar intent="error" layout="multiline" className={styles.bar} data-testid="data-folder-missing">
      <MessageBarBody>
        <MessageBarTitle>{t('settings:dataFolder.missing.title')}</MessageBarTitle>
        <Text block className={styles.reason} data-testid="data-folder-missing-reason">
          {say(status.reason)}
        </Text>
        <Text block>{t('settings:dataFolder.missing.kept')}</Text>
        {error ? <ErrorNotice error={error} /> : null}
        <div className={styles.actions}>
          <Button
            icon={<ArrowClockwiseRegular />}
            appearance="primary"
            disabled={busy !== null}
            onClick={() => void recover('retry')}
            data-testid="data-folder-retry"
          >
            {t('settings:dataFolder.missing.retry')}
          </Button>
          <Button
            icon={<FolderOpenRegular />}
            disabled={busy !== null}
            onClick={() => void recover('locate')}
            data-testid="data-folder-locate"
          >
            {t('settings:dataFolder.missing.locate')}
          </Button>
          <Button disabled={busy !== null} onClick={() => setConfirming(true)} data-testid="data-folder-start-fresh">
            {t('settings:dataFolder.missing.startFresh')}
          </Button>
        </div>
      </MessageBarBody>
      <Dialog open={confirming} onOpenChange={(_, d) => setConfirming(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('settings:dataFolder.missing.confirmTitle')}</DialogTitle>
            <DialogContent>
              {t('settings:dataFolder.missing.confirmBody', { defaultFolder: status.defaultFolder })}
              {status.folder ? ` ${t('settings:dataFolder.missing.confirmLeft', { folder: status.folder })}` : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirming(false)}>
                {t('settings:dataFolder.missing.cancel')}
              </Button>
              <Button
                appearance="primary"
                onClick={() => void recover('startFresh')}
                data-testid="data-folder-confirm-fresh"
              >
                {t('settings:dataFolder.missing.confirm')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </MessageBar>
  );
}
