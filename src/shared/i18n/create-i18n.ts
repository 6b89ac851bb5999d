import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { catalogs } from './catalogs.js';
import {
  type DisplayLanguage,
  intlLocaleOf,
  LANGUAGES,
  type Language,
  PSEUDO_LANGUAGE,
  SOURCE_LANGUAGE,
} from './languages.js';
import { DEFAULT_NAMESPACE, NAMESPACES } from './namespaces.js';
import { pseudoCatalog } from './pseudo-locale.js';

export type { i18n as I18n } from 'i18next';

export interface I18nOptions {
  /** Told about a message that could not be formatted (a value missing; the key without its namespace); the raw message is shown instead. */
  readonly onFormatError?: (key: string, error: unknown) => void;
}

/** The locale ICU messages take their plural rules and `{n, number}` from, per language. */
const ICU_LOCALE: Readonly<Record<Language, string>> = { en: 'en', fr: 'fr', pt: 'pt-PT' };

/**
 * An i18next instance with ICU MessageFormat (plurals, selects) over the bundled catalogs, already in
 * `language`. The page makes one (react-i18next re-renders on `changeLanguage`); main makes its own for
 * dialogs, notifications and the CLI. Synchronous: every catalog is bundled, nothing is fetched.
 */
export function createI18n(language: DisplayLanguage, options: I18nOptions = {}): i18n {
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    lng: language,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: [...LANGUAGES, PSEUDO_LANGUAGE],
    ns: [...NAMESPACES],
    defaultNS: DEFAULT_NAMESPACE,
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, catalogs[l]])),
    initAsync: false,
    // React and the dialogs escape; ICU does the interpolation.
    interpolation: { escapeValue: false },
    returnNull: false,
    // Keys are written in full (`visits:review.approve`): never guess a namespace or a language.
    load: 'currentOnly',
    i18nFormat: {
      // Plurals as the catalogs are written: Portuguese is European Portuguese, as in Mozambique and
      // Angola's offices, where zero is plural ("0 duplicados"); CLDR gives plain `pt` (and `pt-MZ`) the
      // Brazilian rule ("0 duplicado"). The pseudo-locale's plurals and numbers follow English.
      parseLngForICU: (lng: string) => ICU_LOCALE[intlLocaleOf(lng as DisplayLanguage)],
      parseErrorHandler: (error: Error, key: string, message: string) => {
        options.onFormatError?.(key, error);
        return message;
      },
    },
  });
  if (language === PSEUDO_LANGUAGE) addPseudoLocale(instance);
  return instance;
}

/** Switches an instance's language (adding the pseudo-locale's catalogs the first time it is asked for). */
export async function switchLanguage(instance: i18n, language: DisplayLanguage): Promise<void> {
  if (language === PSEUDO_LANGUAGE) addPseudoLocale(instance);
  await instance.changeLanguage(language);
}

function addPseudoLocale(instance: i18n): void {
  if (instance.hasResourceBundle(PSEUDO_LANGUAGE, DEFAULT_NAMESPACE)) return;
  for (const ns of NAMESPACES) {
    instance.addResourceBundle(PSEUDO_LANGUAGE, ns, pseudoCatalog(catalogs[SOURCE_LANGUAGE][ns]), true, true);
  }
}
