import { useT } from '../../state/i18n/use-t.js';
import { NumberSettingsCard } from './number-setting.js';
import type { SettingsCardProps } from './settings-card.js';

/** How far a photo may be from a school for the import to assign it to that school's visit by itself. */
export function PhotoSettings(props: SettingsCardProps) {
  const { t } = useT();
  return (
    <NumberSettingsCard
      {...props}
      title={t('settings:photos.title')}
      fields={[
        {
          name: 'photoMaxDistanceKm',
          label: t('settings:photos.maxDistance'),
          hint: t('settings:photos.maxDistanceHint'),
          testId: 'photo-max-distance',
        },
      ]}
    />
  );
}
