import { AppPage } from './pages/app-page.js';
import { WorklistPage } from './pages/worklist-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ seed: 'tiny' });

/** The little of the DOM the page-side callbacks use (the e2e project has no DOM lib). */
interface Dom {
  getComputedStyle(el: unknown): { backgroundColor: string };
}

/** Relative luminance (0 black … 1 white) of a computed `rgb(…)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

test.describe('accessibility', () => {
  test('the theme follows the OS light/dark setting, live', async ({ page, harness }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const app = new AppPage(page);
    const worklist = new WorklistPage(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.open(harness.pageUrl('#/visits'));
    await expect(worklist.rows().first()).toBeVisible();
    // Fluent paints the theme's background on its provider, which fills the window.
    const background = () =>
      page
        .locator('.fui-FluentProvider')
        .first()
        .evaluate((el) => (globalThis as unknown as Dom).getComputedStyle(el).backgroundColor);
    await expect.poll(async () => luminance(await background())).toBeLessThan(0.05);
    await app.screenshot('worklist-dark-1366x768');
    // The OS switches back to light while the app runs: the app follows without a reload.
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(async () => luminance(await background())).toBeGreaterThan(0.9);
  });
});
