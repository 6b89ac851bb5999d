import type { Page } from '@playwright/test';
import { rawConnection } from '../../src/main/store/local-store.js';
import { PSEUDO_LANGUAGE } from '../../src/shared/i18n/languages.js';
import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';
import type { Harness } from './support/harness.js';
import { holdReviewConflict, MY_COMMENT, THEIR_COMMENT } from './support/review-conflict.js';
import { dataStrings, readScreenText, untranslated } from './support/screen-text.js';

/**
 * Every screen in the pseudo-locale (`en-XA`: accented, bracketed, 40 % longer) at 1366×768 (issue 13):
 * fails on visible text that is neither from the catalogs nor data, and on catalog text the layout cuts
 * off. French and Portuguese run 30-40 % longer than English; what the pseudo-locale survives, they do.
 * The pseudo-locale is reachable only through the browser host's `?lang=` (e2e, `npm run dev:web`),
 * never offered in Settings.
 */
test.use({ seed: 'tiny' });
test.setTimeout(240_000);

const pseudoUrl = (harness: Harness, hash: string) => {
  const url = new URL(harness.pageUrl(hash));
  url.searchParams.set('lang', PSEUDO_LANGUAGE);
  return url.toString();
};

/** Opens a screen by its address and waits for it. */
async function show(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
  await expect(page.getByTestId(ready).first()).toBeVisible();
  // Lists fill after their first query; wait until nothing is loading.
  await expect(page.locator('[role="progressbar"][aria-busy="true"], [data-loading="true"]')).toHaveCount(0);
}

/** Checks the screen: no text outside the catalogs and data, nothing cut; keeps a screenshot to look at. */
async function check(page: Page, name: string, data: readonly string[]): Promise<{ nodes: number }> {
  const screen = await readScreenText(page);
  await new AppPage(page).screenshot(`pseudo-${name}-1366x768`);
  expect(screen.nodes, `${name}: the screen shows text`).toBeGreaterThan(3);
  expect(untranslated(screen, data), `${name}: text not from the catalogs`).toEqual([]);
  expect(
    screen.cut.map((c) => `${JSON.stringify(c.text)} at ${c.where}`),
    `${name}: text cut off`,
  ).toEqual([]);
  expect(
    screen.isoDates.map((c) => `${JSON.stringify(c.text)} at ${c.where}`),
    `${name}: ISO dates`,
  ).toEqual([]);
  return { nodes: screen.nodes };
}

test.describe('the pseudo-locale at 1366×768', () => {
  test.describe('signed out', () => {
    test.use({ signedIn: false });
    test('sign-in, with an error under the form', async ({ page, harness }) => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await new AppPage(page).open(pseudoUrl(harness, '#/schools'));
      const data = [harness.serverUrl];
      await expect(page.getByTestId('sign-in-form')).toBeVisible();
      await check(page, 'sign-in', data);
      const form = page.getByTestId('sign-in-form');
      await form.getByTestId('server-url').fill('ftp://nowhere');
      await form.getByTestId('username').fill('demo');
      await form.getByTestId('password').fill('wrong');
      await form.getByTestId('sign-in').click();
      await expect(form.getByTestId('error-message').first()).toBeVisible();
      await check(page, 'sign-in-error', [...data, 'ftp://nowhere', 'demo']);
    });
  });

  test('every screen of a signed-in officer, a conflict waiting', async ({ page, harness }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const store = harness.account().store;
    const visits = await harness.core.handlers['graph:visits']({ reviewStatus: 'pending', offset: 0, limit: 2 });
    const [first, second] = visits.ok ? visits.value.items : [];
    if (!first || !second) throw new Error('no visits awaiting review');
    const visitRecord = store.getRecord('schoolVisit', first.id);
    const schoolId = String(visitRecord?.fields.schoolId ?? '');

    // A conflict: another officer flagged the second visit on the server; this one approved it here.
    await holdReviewConflict(harness, second.id);

    const data = dataStrings(rawConnection(store).sqlite, [
      harness.dataDir,
      harness.serverUrl,
      'demo',
      THEIR_COMMENT,
      MY_COMMENT,
    ]);
    await new AppPage(page).open(pseudoUrl(harness, '#/schools'));
    const screens: [string, string, string][] = [
      ['home', '#/home', 'home-screen'],
      ['schools', '#/schools', 'schools-screen'],
      ['school', `#/schools/${schoolId}`, 'school-name'],
      ['worklist', '#/visits', 'worklist-screen'],
      ['visit', `#/visit/${first.id}`, 'review-card'],
      ['visit-in-conflict', `#/visit/${second.id}`, 'review-card'],
      ['queue', '#/queue', 'queue-screen'],
      ['conflicts', '#/conflicts', 'conflict-detail'],
      ['photos', '#/photos', 'photos-screen'],
      ['reports', '#/reports', 'report-view'],
      ['settings', '#/settings', 'settings-screen'],
    ];
    const failures: string[] = [];
    for (const [name, hash, ready] of screens) {
      await show(page, hash, ready);
      // Soft: every screen is read and photographed, then the test says everything it found.
      await test.step(name, async () => {
        try {
          await check(page, name, data);
        } catch (e) {
          failures.push(e instanceof Error ? e.message : String(e));
        }
      });
    }
    expect(failures).toEqual([]);
  });
});
