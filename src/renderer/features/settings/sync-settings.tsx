import { Field, SpinButton } from '@fluentui/react-components';
import { type Settings, settingBounds } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { useT } from '../../state/i18n/use-t.js';
import { type RunCall, SettingsCard, SettingsRow } from './settings-card.js';

type NumberSettingName = keyof typeof settingBounds;

/** How often to sync and how many photos to upload at once, saved as soon as they change. */
export function SyncSettings({
  settings,
  run,
  onSaved,
}: {
  readonly settings: Settings;
  readonly run: RunCall;
  readonly onSaved: (settings: Settings) => void;
}) {
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

interface NumberSettingProps {
  readonly label: string;
  readonly hint: string;
  readonly name: NumberSettingName;
  readonly value: number;
  readonly onChange: (name: NumberSettingName, value: number) => void;
  readonly testId: string;
}

/** A whole-number setting within its bounds; values outside them are ignored (main validates them again). */
function NumberSetting({ label, hint, name, value, onChange, testId }: NumberSettingProps) {
  const { min, max } = settingBounds[name];
  return (
    <Field label={label} hint={hint}>
      <SpinButton
        min={min}
        max={max}
        value={value}
        onChange={(_, d) => {
          const v = d.value ?? Number(d.displayValue);
          if (Number.isInteger(v) && v >= min && v <= max) onChange(name, v);
        }}
        data-testid={testId}
      />
    </Field>
  );
}
