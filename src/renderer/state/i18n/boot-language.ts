import { type DisplayLanguage, type Language, matchLanguage, resolveLanguage } from '../../../shared/i18n/languages.js';
import type { FieldsyncApi } from '../../../shared/ipc/api.js';

const OVERRIDE_KEY = 'fieldsync.lang';

/**
 * A `?lang=` in the page address (browser host only: e2e and `npm run dev:web`) shows this tab in that
 * language, the pseudo-locale `en-XA` included, without changing the officer's setting. Read before the
 * API connection strips the query; kept for reloads of the tab.
 */
export function takeLanguageOverride(): DisplayLanguage | null {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (fromQuery) sessionStorage.setItem(OVERRIDE_KEY, fromQuery);
  const tag = fromQuery ?? sessionStorage.getItem(OVERRIDE_KEY);
  return tag ? matchLanguage(tag) : null;
}

/** The computer's language as the page sees it (in Electron it is `app.getLocale()`'s). */
export const systemLocale = (): string => navigator.language;

/** The language to open in: an address override, else the officer's setting, else the computer's. */
export async function bootLanguage(api: FieldsyncApi, override: DisplayLanguage | null): Promise<DisplayLanguage> {
  if (override) return override;
  const settings = await api.settings.get();
  const chosen: Language | null = settings.ok ? settings.value.language : null;
  return resolveLanguage(chosen, systemLocale());
}
