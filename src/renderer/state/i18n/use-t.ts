import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type EntityWords, entityWords } from '../../../shared/i18n/entity-words.js';
import { createFormatters, type Formatters } from '../../../shared/i18n/formatters.js';
import type { DisplayLanguage } from '../../../shared/i18n/languages.js';
import type { LocalizedText } from '../../../shared/i18n/message.js';
import { lookupWith, say, type Translate, translateWith } from '../../../shared/i18n/translator.js';
import { createShown, type Shown } from '../../components/format.js';
import { systemLocale } from './boot-language.js';

export interface Words {
  /** A catalog message: `t('visits:review.approve')`, `t('visits:total', { count })`. */
  readonly t: Translate;
  /** Dates, numbers, sizes, durations in the current language. */
  readonly format: Formatters;
  /** Kinds of records, field names and enumeration values (review status, school type) in words. */
  readonly words: EntityWords;
  /** Stored values as an officer reads them (yes/no, enumerations, instants). */
  readonly show: Shown;
  /** A `LocalizedText` main sent (a reason, a title), in the current language. */
  readonly say: (message: LocalizedText) => string;
  readonly language: DisplayLanguage;
}

/** Every word and format a component shows; re-renders when the officer switches language. */
export function useT(): Words {
  const { i18n } = useTranslation();
  const language = i18n.language as DisplayLanguage;
  return useMemo(() => {
    const t = translateWith(i18n);
    const format = createFormatters(language, { systemLocale: systemLocale() });
    const words = entityWords(lookupWith(i18n));
    return {
      t,
      format,
      words,
      show: createShown(t, format, words),
      say: (message: LocalizedText) => say(t, format, message),
      language,
    };
  }, [i18n, language]);
}
