import type { Settings } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { useT } from '../../state/i18n/use-t.js';
import { NumberSetting, type NumberSettingName } from './number-setting.js';
import { SettingsCard, type SettingsCardProps, SettingsRow } from './settings-card.js';

/** How far a photo may be from a school for the import to assign it to that school's visit by itself. */
export function PhotoSettings({ settings, run, onSaved }: SettingsCardProps) {
  const api = useApi();
  const { t } = useT();
  const change = (name: NumberSettingName, value: number) => run(() => api.settings.set({ [name]: value }), onSaved);
  return (
    <SettingsCard title={t('settings:photos.title')}>
      <SettingsRow>
        <NumberSetting
          label={t('settings:photos.maxDistance')}
          hint={t('settings:photos.maxDistanceHint')}
          name="photoMaxDistanceKm"
          value={settings.photoMaxDistanceKm}
          onChange={change}
          testId="photo-max-distance"
        />
      </SettingsRow>
    </SettingsCard>
  );
}
