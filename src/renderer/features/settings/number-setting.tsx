import { Field, SpinButton } from '@fluentui/react-components';
import { settingBounds } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { SettingsCard, type SettingsCardProps, SettingsRow } from './settings-card.js';

/** A setting that is a whole number within its declared bounds. */
export type NumberSettingName = keyof typeof settingBounds;

interface NumberSettingProps {
  readonly label: string;
  readonly hint: string;
  readonly name: NumberSettingName;
  readonly value: number;
  readonly onChange: (name: NumberSettingName, value: number) => void;
  readonly testId: string;
}

/** A whole-number setting within its bounds; values outside them are ignored (main validates them again). */
export function NumberSetting({ label, hint, name, value, onChange, testId }: NumberSettingProps) {
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

/** One number setting of a card: its name, words and test id. */
export interface NumberField {
  readonly name: NumberSettingName;
  readonly label: string;
  readonly hint: string;
  readonly testId: string;
}

/** A card of number settings in one row, each saved as soon as it changes. */
export function NumberSettingsCard({
  title,
  fields,
  settings,
  run,
  onSaved,
}: SettingsCardProps & { readonly title: string; readonly fields: readonly NumberField[] }) {
  const api = useApi();
  const change = (name: NumberSettingName, value: number) => run(() => api.settings.set({ [name]: value }), onSaved);
  return (
    <SettingsCard title={title}>
      <SettingsRow>
        {fields.map((f) => (
          <NumberSetting key={f.name} {...f} value={settings[f.name]} onChange={change} />
        ))}
      </SettingsRow>
    </SettingsCard>
  );
}
