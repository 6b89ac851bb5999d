import { Button, Caption1, Spinner, Switch, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { Settings } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { useT } from '../../state/i18n/use-t.js';
import { useUpdateStatus } from '../../state/use-update-status.js';
import { SettingsCard, type SettingsCardProps, SettingsRow } from './settings-card.js';

/**
 * Fieldsync's own updates: the automatic check (at start and daily, on by default), a check now, and
 * where the last one left things. The download and the restart question are in the status bar.
 */
export function UpdateSetting({ settings, run, onSaved }: SettingsCardProps) {
  const api = useApi();
  const { t, format } = useT();
  const status = useUpdateStatus();
  const [checking, setChecking] = useState(false);
  const check = async () => {
    setChecking(true);
    await run(
      () => api.updates.check(),
      () => undefined,
    );
    setChecking(false);
  };
  const line = (() => {
    if (!status) return null;
    switch (status.state) {
      case 'unsupported':
        return t('app:update.setting.unsupported');
      case 'checking':
        return t('app:update.setting.checking');
      case 'error':
        return t('app:update.setting.failed', { error: status.error ?? '' });
      case 'downloading':
      case 'downloaded':
        return t('app:update.ready', { version: status.version ?? '' });
      case 'idle':
        return status.lastCheck
          ? t('app:update.setting.upToDate', { when: format.relative(status.lastCheck) })
          : t('app:update.setting.neverChecked');
    }
  })();
  return (
    <SettingsCard
      title={t('app:update.setting.title')}
      description={<Caption1>{t('app:update.setting.version', { version: status?.currentVersion ?? '' })}</Caption1>}
    >
      <SettingsRow>
        <Switch
          checked={settings.updateChecks}
          label={t('app:update.setting.automatic')}
          onChange={(_, d) => void run(() => api.settings.set({ updateChecks: d.checked }), onSaved)}
          data-testid="update-checks"
        />
        <Button
          onClick={() => void check()}
          disabled={checking || status?.state === 'unsupported'}
          icon={checking ? <Spinner size="extra-tiny" /> : undefined}
          data-testid="update-check-now"
        >
          {t('app:update.setting.check')}
        </Button>
      </SettingsRow>
      <Caption1>{t('app:update.setting.automaticHint')}</Caption1>
      {line ? (
        <Text size={200} data-testid="update-state">
          {line}
        </Text>
      ) : null}
    </SettingsCard>
  );
}
