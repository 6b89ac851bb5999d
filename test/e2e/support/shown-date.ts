import type { Page } from '@playwright/test';
import { createFormatters } from '../../../src/shared/i18n/formatters.js';
import type { DisplayLanguage } from '../../../src/shared/i18n/languages.js';

/**
 * A calendar date as the page shows it (in its language and the browser's regional conventions), for
 * specs that look for a visit's title: the page never shows the ISO date.
 */
export async function shownDate(page: Page, iso: string, language: DisplayLanguage = 'en'): Promise<string> {
  const systemLocale = await page.evaluate(
    () => (globalThis as unknown as { navigator: { language: string } }).navigator.language,
  );
  return createFormatters(language, { systemLocale }).date(iso);
}
