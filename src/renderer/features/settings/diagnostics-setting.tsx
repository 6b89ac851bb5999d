import { Button, Caption1 } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { startDownload } from '../../api/start-download.js';
import { useResult } from '../../api/use-result.js';
import { useT } from '../../state/i18n/use-t.js';
import { type RunCall, SettingsCard, SettingsRow } from './settings-card.js';

/** Export diagnostics for support, and the versions and log file of this installation. */
export function DiagnosticsSetting({ run }: { readonly run: RunCall }) {
  const api = useApi();
  const { t, format } = useT();
  const info = useResult(() => api.app.info(), []);
  const [exported, setExported] = useState<string>();
  return (
    <SettingsCard
      title={t('settings:diagnostics.title')}
      description={<Caption1>{t('settings:diagnostics.description')}</Caption1>}
    >
      <SettingsRow>
        <Button
          onClick={() =>
            run(
              () => api.diagnostics.export(),
              (v) => {
                if (v.downloadUrl) startDownload(v.downloadUrl);
                setExported(
                  v.path
                    ? t('settings:diagnostics.saved', { size: format.fileSize(v.bytes), path: v.path })
                    : t('settings:diagnostics.cancelled'),
                );
              },
            )
          }
          data-testid="export-diagnostics"
        >
          {t('settings:diagnostics.export')}
        </Button>
        {exported ? <Caption1 data-testid="export-result">{exported}</Caption1> : null}
      </SettingsRow>
      {info.data ? (
        <Caption1 block data-testid="app-info">
          {t('settings:diagnostics.info', {
            version: info.data.appVersion,
            database: info.data.dbVersion ?? '—',
            log: info.data.logFile ?? t('settings:diagnostics.console'),
          })}
        </Caption1>
      ) : null}
    </SettingsCard>
  );
}
