/**
 * The languages Fieldsync speaks. District education offices across the region work in English,
 * French or Portuguese; the officer picks one in Settings, or follows the computer's language.
 */
export const LANGUAGES = ['en', 'fr', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The catalogs are written in English; a key missing elsewhere falls back to it (the check refuses that). */
export const SOURCE_LANGUAGE: Language = 'en';

/**
 * The pseudo-locale: English accented, bracketed and ~40 % longer. Never offered to officers; the
 * pseudo-locale e2e run shows every screen in it to find text that bypasses the catalogs and text cut off.
 */
export const PSEUDO_LANGUAGE = 'en-XA';

/** What the app can be shown in: a real language, or the pseudo-locale (tests and developers only). */
export type DisplayLanguage = Language | typeof PSEUDO_LANGUAGE;

/** Each language's name in itself, for the picker (an officer who cannot read the current one finds theirs). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  pt: 'Português',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language for a BCP 47 tag from the OS or the browser (`fr-FR`, `pt_MZ`, `en-GB`): its primary
 * subtag when Fieldsync speaks it, else English. The pseudo-locale tag is kept as is.
 */
export function matchLanguage(tag: string | null | undefined): DisplayLanguage {
  if (!tag) return SOURCE_LANGUAGE;
  if (tag.toLowerCase() === PSEUDO_LANGUAGE.toLowerCase()) return PSEUDO_LANGUAGE;
  const primary = tag
    .trim()
    .toLowerCase()
    .split(/[-_.@]/)[0];
  return isLanguage(primary) ? primary : SOURCE_LANGUAGE;
}

/**
 * The language to show: the officer's choice in Settings, else the computer's language
 * (Electron's `app.getLocale()` in main, `navigator.language` in the page).
 */
export function resolveLanguage(chosen: Language | null | undefined, systemLocale: string | null | undefined) {
  return chosen ?? matchLanguage(systemLocale);
}

/** The locale `Intl` formats with: the pseudo-locale formats as English (then accents it). */
export function intlLocaleOf(language: DisplayLanguage): Language {
  return language === PSEUDO_LANGUAGE ? SOURCE_LANGUAGE : language;
}
