import { useT } from '../../state/i18n/use-t.js';
import { NumberSettingsCard } from './number-setting.js';
import type { SettingsCardProps } from './settings-card.js';

/** How often to sync and how many photos to upload at once, saved as soon as they change. */
export function SyncSettings(props: SettingsCardProps) {
  const { t } = useT();
  return (
    <NumberSettingsCard
      {...props}
      title={t('settings:sync.title')}
      fields={[
        {
          name: 'syncIntervalMinutes',
          label: t('settings:sync.interval'),
          hint: t('settings:sync.intervalHint'),
          testId: 'sync-interval',
        },
        {
          name: 'uploadConcurrency',
          label: t('settings:sync.concurrency'),
          hint: t('settings:sync.concurrencyHint'),
          testId: 'upload-concurrency',
        },
      ]}
    />
  );
}
