import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n, switchLanguage } from '../../../shared/i18n/create-i18n.js';
import { type DisplayLanguage, type Language, resolveLanguage } from '../../../shared/i18n/languages.js';
import { useApi } from '../../api/api-context.js';
import { systemLocale } from './boot-language.js';

export interface LanguageControl {
  /** What the page is shown in now. */
  readonly language: DisplayLanguage;
  /**
   * The officer picks a language (`null`: follow the computer's). Saved through `settings:set`, then the
   * page and main's notifications switch at once, without a restart. Answers the saved choice's error.
   */
  choose(language: Language | null): Promise<void>;
}

const LanguageContext = createContext<LanguageControl | null>(null);

/**
 * The page's i18next instance (ICU, every catalog bundled) and its language. Keeps `<html lang>` in
 * step so screen readers, hyphenation and spell-checking follow, and `dir` for a right-to-left
 * language later.
 */
export function I18nProvider({
  initial,
  children,
}: {
  readonly initial: DisplayLanguage;
  readonly children: ReactNode;
}) {
  const api = useApi();
  const [i18n] = useState(() =>
    createI18n(initial, {
      onFormatError: (key, error) =>
        void api.log.write({ level: 'warn', message: `Message ${key} could not be formatted: ${String(error)}` }),
    }),
  );
  const [language, setLanguage] = useState<DisplayLanguage>(initial);
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = i18n.dir(language);
  }, [i18n, language]);
  const choose = useCallback(
    async (choice: Language | null) => {
      const saved = await api.settings.set({ language: choice });
      if (!saved.ok) throw saved.error;
      const next = resolveLanguage(saved.value.language, systemLocale());
      await switchLanguage(i18n, next);
      setLanguage(next);
    },
    [api, i18n],
  );
  const control = useMemo(() => ({ language, choose }), [language, choose]);
  return (
    <I18nextProvider i18n={i18n}>
      <LanguageContext.Provider value={control}>{children}</LanguageContext.Provider>
    </I18nextProvider>
  );
}

export function useLanguage(): LanguageControl {
  const control = useContext(LanguageContext);
  if (!control) throw new Error('useLanguage outside I18nProvider');
  return control;
}
