import type { Settings } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { useT } from '../../state/i18n/use-t.js';
import { NumberSetting, type NumberSettingName } from './number-setting.js';
import { SettingsCard, type SettingsCardProps, SettingsRow } from './settings-card.js';

/** How often to sync and how many photos to upload at once, saved as soon as they change. */
export function SyncSettings({ settings, run, onSaved }: SettingsCardProps) {
  const api = useApi();
  const { t } = useT();
  const change = (name: NumberSettingName, value: number) => run(() => api.settings.set({ [name]: value }), onSaved);
  return (
    <SettingsCard title={t('settings:sync.title')}>
      <SettingsRow>
        <NumberSetting
          label={t('settings:sync.interval')}
          hint={t('settings:sync.intervalHint')}
          name="syncIntervalMinutes"
          value={settings.syncIntervalMinutes}
          onChange={change}
          testId="sync-interval"
        />
        <NumberSetting
          label={t('settings:sync.concurrency')}
          hint={t('settings:sync.concurrencyHint')}
          name="uploadConcurrency"
          value={settings.uploadConcurrency}
          onChange={change}
          testId="upload-concurrency"
        />
      </SettingsRow>
    </SettingsCard>
  );
}
