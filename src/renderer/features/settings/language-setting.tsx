import { Field, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import { isAppError } from '../../../shared/errors.js';
import {
  isLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  matchLanguage,
  SOURCE_LANGUAGE,
} from '../../../shared/i18n/languages.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { systemLocale } from '../../state/i18n/boot-language.js';
import { useLanguage } from '../../state/i18n/i18n-provider.js';
import { useT } from '../../state/i18n/use-t.js';

const SYSTEM = 'system';

/**
 * The officer's language: one of Fieldsync's, or the computer's. Each language is named in itself, so
 * an officer who cannot read the current one still finds theirs. Applies at once and is remembered.
 */
export function LanguageSetting({ chosen }: { readonly chosen: string | null }) {
  const { t } = useT();
  const { choose } = useLanguage();
  const [value, setValue] = useState(chosen ?? SYSTEM);
  const [error, setError] = useState<AppError>();
  const system = matchLanguage(systemLocale());
  const systemName = LANGUAGE_NAMES[isLanguage(system) ? system : SOURCE_LANGUAGE];
  const change = async (next: string) => {
    setValue(next);
    setError(undefined);
    try {
      await choose(isLanguage(next) ? next : null);
    } catch (e) {
      if (isAppError(e)) setError(e);
      else throw e;
    }
  };
  return (
    <>
      <Field label={t('settings:language.label')} hint={t('settings:language.hint')}>
        <Select value={value} onChange={(_, d) => void change(d.value)} data-testid="language">
          <option value={SYSTEM}>{t('settings:language.system', { language: systemName })}</option>
          {LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language} translate="no">
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </Select>
      </Field>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
