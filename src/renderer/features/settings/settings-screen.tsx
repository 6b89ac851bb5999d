import { Caption1, makeStyles, Spinner, Title3 } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { Settings } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { DataFolderSetting } from './data-folder-setting.js';
import { DiagnosticsSetting } from './diagnostics-setting.js';
import { LanguageSetting } from './language-setting.js';
import { PhotoSettings } from './photo-settings.js';
import { ServerSetting } from './server-setting.js';
import { type RunCall, SettingsCard } from './settings-card.js';
import { SyncSettings } from './sync-settings.js';
import { UpdateSetting } from './update-setting.js';

const useStyles = makeStyles({
  root: {
    padding: '16px 20px',
    overflowY: 'auto',
    height: '100%',
    boxSizing: 'border-box',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
  },
});

/** Server and sign-in, sync interval, upload concurrency, data folder and diagnostics. */
export function SettingsScreen() {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const settings = useResult(() => api.settings.get(), []);
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState<Settings>();
  const current = saved ?? settings.data;

  // One error slot for every card, at the top, where the officer looks first.
  const run = useCallback<RunCall>(async (call, done) => {
    setError(undefined);
    const result = await call();
    if (result.ok) done(result.value);
    else setError(result.error);
  }, []);

  if (!current)
    return settings.error ? <ErrorNotice error={settings.error} /> : <Spinner label={t('settings:loading')} />;
  return (
    <div className={styles.root} data-testid="settings-screen">
      <Title3 as="h1">{t('settings:title')}</Title3>
      {error ? <ErrorNotice error={error} /> : null}
      <SettingsCard title={t('settings:language.title')}>
        <LanguageSetting chosen={current.language} />
      </SettingsCard>
      <ServerSetting serverUrl={current.serverUrl} run={run} />
      <SyncSettings settings={current} run={run} onSaved={setSaved} />
      <PhotoSettings settings={current} run={run} onSaved={setSaved} />
      <SettingsCard
        title={t('settings:dataFolder.title')}
        description={<Caption1>{t('settings:dataFolder.description')}</Caption1>}
      >
        <DataFolderSetting folder={current.dataFolder} onMoved={setSaved} />
      </SettingsCard>
      <UpdateSetting settings={current} run={run} onSaved={setSaved} />
      <DiagnosticsSetting run={run} />
    </div>
  );
}
