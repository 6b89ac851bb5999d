import type { Page } from '@playwright/test';
import { rawConnection } from '../../src/main/store/local-store.js';
import { entityWords } from '../../src/shared/i18n/entity-words.js';
import { LANGUAGE_NAMES, type Language } from '../../src/shared/i18n/languages.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import { AppPage } from './pages/app-page.js';
import { ConflictsPage } from './pages/conflicts-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { VisitPage } from './pages/visit-page.js';
import { WorklistPage } from './pages/worklist-page.js';
import { englishOnly, englishOnScreen } from './support/catalog-text.js';
import { expect, test } from './support/fixtures.js';
import { writePhotoCard } from './support/photo-card.js';
import { holdReviewConflict, MY_COMMENT, THEIR_COMMENT } from './support/review-conflict.js';
import { dataStrings, readScreenText } from './support/screen-text.js';

/**
 * The main paths in French and in Portuguese (issue 13): sign in, the worklist, a visit's review, a
 * conflict, a photo import. On each screen: the texts are the language's catalog (read from the
 * catalogs, not copied here), no English word from a message the language translates is visible,
 * dates and sizes are formatted by `Intl` for the language, `<html lang>` follows it, and a screenshot
 * at 1280×720 and at 1366×768 is kept for a person to look at (test-results/screens/<lang>-*.png).
 * One test per language, so the two run side by side; each path builds on the one before.
 */
test.use({ seed: 'tiny', signedIn: false });
test.setTimeout(120_000);

const SIZES = [
  [1280, 720],
  [1366, 768],
] as const;

/** Opens a screen by its address (the hash router), without reloading the page. */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}

for (const language of ['fr', 'pt'] as const satisfies readonly Language[]) {
  test(`in ${LANGUAGE_NAMES[language]}: sign in, worklist, visit review, conflict, photo import`, async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const leftover = englishOnly(language);
    // The officer's choice in Settings: main's words (its translator) switch with the page's.
    const chosen = await harness.core.handlers['settings:set']({ language });
    expect(chosen.ok).toBe(true);
    await app.open(harness.pageUrl('#/visits'));
    const systemLocale = await page.evaluate(
      () => (globalThis as unknown as { navigator: { language: string } }).navigator.language,
    );
    const { t, format, lookup } = createTranslator(language, { systemLocale });
    const words = entityWords(lookup);

    const failures: string[] = [];
    let signedIn = false;
    /** Names as entered in the field (read afresh: a review adds the reviewer's) and `extra`: data, not words. */
    const dataNow = (extra: readonly string[]) => {
      const base = [harness.dataDir, harness.serverUrl, 'demo', ...extra];
      return signedIn ? dataStrings(rawConnection(harness.account().store).sqlite, base) : base;
    };
    /** Checks the screen as it is now at both sizes, keeping a screenshot of each; failures are collected. */
    const look = async (name: string, extra: readonly string[] = []) => {
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      // No tooltip of the last button clicked over the screen.
      await page.mouse.move(1, 1);
      const data = dataNow(extra);
      for (const [width, height] of SIZES) {
        await page.setViewportSize({ width, height });
        const screen = await readScreenText(page);
        const where = `${name} at ${width}×${height}`;
        expect(screen.nodes, `${where}: the screen shows text`).toBeGreaterThan(3);
        for (const hit of englishOnScreen(screen, leftover, data)) failures.push(`${where}: English ${hit}`);
        for (const iso of screen.isoDates)
          failures.push(`${where}: ISO date ${JSON.stringify(iso.text)} at ${iso.where}`);
        // Times of day are on the 24-hour clock in French and Portuguese.
        for (const { text, where: at } of screen.outside) {
          if (/\d\s?(AM|PM)\b/.test(text)) failures.push(`${where}: English time ${JSON.stringify(text)} at ${at}`);
        }
        await app.screenshot(`${language}-${name}-${width}x${height}`);
      }
    };

    await test.step('sign in', async () => {
      const signIn = new SignInPage(page);
      await expect(signIn.form).toBeVisible();
      await expect(page.getByRole('heading', { name: t('sign-in:welcome') })).toBeVisible();
      await expect(signIn.form.getByTestId('sign-in')).toHaveText(t('sign-in:form.submit'));
      await expect(signIn.form.getByLabel(t('sign-in:form.password'))).toBeVisible();
      await signIn.signIn(harness.serverUrl, 'demo', 'wrong-password');
      await expect(signIn.error).toHaveText(t('errors:signIn.unauthorized'));
      await look('sign-in');
      const synced = harness.next('sync:finished');
      await signIn.signIn(harness.serverUrl, 'demo', 'demo');
      await expect(page.getByTestId('app')).toHaveAttribute('data-signed-in', 'true');
      expect((await synced).summary.error).toBeUndefined();
      signedIn = true;
    });

    await test.step('home', async () => {
      // Signing in lands on Home: every count and the last sync in the officer's language.
      await expect(page.getByTestId('home-screen')).toBeVisible();
      await expect(page.getByRole('heading', { name: t('home:title') })).toBeVisible();
      await expect(page.getByTestId('home-awaitingReview')).not.toHaveAttribute('data-count', '');
      await look('home');
    });

    const listed = await harness.core.handlers['graph:visits']({ reviewStatus: 'pending', offset: 0, limit: 100 });
    const pending = listed.ok ? listed.value.items : [];
    const [reviewed, collided] = pending;
    if (!reviewed || !collided) throw new Error('the tiny seed has visits awaiting review');

    await test.step('worklist', async () => {
      const worklist = new WorklistPage(page);
      await go(page, '#/visits');
      await worklist.expectCount(pending.length);
      await expect(worklist.tab('pending')).toHaveText(t('worklist:tab.pending', { count: pending.length }));
      await expect(page.getByRole('columnheader', { name: t('worklist:column.monitor') })).toBeVisible();
      // Each row's date as the language writes it (`12 mars 2026`, `12/03/2026`), never the English one.
      const first = worklist.row(0);
      const id = await first.getAttribute('data-visit-id');
      const visit = pending.find((v) => v.id === id);
      if (!visit) throw new Error(`row 0 (${id}) is not a visit awaiting review`);
      await expect(first.getByRole('gridcell').nth(3)).toHaveText(format.date(visit.visitDate));
      // The browser's date fields and their pickers follow the app's language too.
      for (const input of ['filter-date-from', 'filter-date-to']) {
        await expect(page.getByTestId(input)).toHaveAttribute('lang', format.locale);
      }
      await look('worklist');
    });

    await test.step('visit review', async () => {
      const visit = new VisitPage(page);
      await go(page, `#/visit/${reviewed.id}`);
      await visit.waitLoaded(reviewed.id);
      await expect(visit.title()).toHaveText(`${reviewed.schoolName} · ${format.date(reviewed.visitDate)}`);
      await expect(visit.review.getByTestId('approve')).toHaveText(t('visits:review.approve'));
      await expect(visit.review.getByTestId('flag')).toHaveText(t('visits:review.flag'));
      await expect(visit.status()).toHaveText(words.value('schoolVisit', 'reviewStatus', 'pending'));
      // Flagging without a reason is refused in the officer's words, on the comment.
      await visit.review.getByTestId('review-comment').fill('');
      await visit.review.getByTestId('flag').click();
      await expect(visit.review.getByText(t('visits:review.commentRequired'), { exact: true })).toBeVisible();
      await expect(visit.review.getByTestId('review-comment')).toHaveAttribute('aria-invalid', 'true');
      await look('visit-review');
    });

    await test.step('conflict', async () => {
      // Another officer flagged a visit on the server; this officer approved it here from the same base.
      await holdReviewConflict(harness, collided.id);
      const conflicts = new ConflictsPage(page);
      await go(page, '#/conflicts');
      await expect(conflicts.items()).toHaveCount(1);
      await expect(conflicts.items()).toContainText(`${collided.schoolName} · ${format.date(collided.visitDate)}`);
      await expect(conflicts.detail.getByTestId('keep-mine')).toHaveText(t('conflicts:keepMine'));
      await expect(conflicts.detail.getByTestId('apply-choices')).toHaveText(t('conflicts:applyChoices'));
      const status = conflicts.field('reviewStatus');
      await expect(status).toContainText(words.value('schoolVisit', 'reviewStatus', 'flagged'));
      await expect(status).toContainText(words.value('schoolVisit', 'reviewStatus', 'approved'));
      await look('conflict', [THEIR_COMMENT, MY_COMMENT]);
    });

    await test.step('photo import', async () => {
      const card = await writePhotoCard(harness);
      await go(page, '#/photos');
      await expect(page.getByTestId('photos-screen')).toHaveAttribute('data-step', 'choose');
      await expect(page.getByTestId('scan')).toHaveText(t('photo-import:source.scan'));
      await look('photo-import-choose');
      await page.getByTestId('folder-path').fill(card.folder);
      await page.getByTestId('scan').click();
      await expect(page.getByTestId('photos-screen')).toHaveAttribute('data-step', 'review');
      const group = page.locator(`[data-testid="visit-group"][data-visit-id="${card.first.id}"]`);
      await expect(group).toHaveAttribute('data-count', '3');
      await expect(group).toContainText(`${card.first.school}, ${format.date(card.first.day)}`);
      await expect(page.getByTestId('import')).toHaveText(t('photo-import:review.import', { count: 3 }));
      // Counts said with the language's plurals ("0 já importadas", "0 déjà importée"), no "(s)".
      const summary = t('photo-import:review.summary', { fresh: 3, duplicates: 0, skipped: 1 });
      await expect(page.getByText(summary, { exact: true })).toBeVisible();
      await look('photo-import-review', [card.folder]);
      await page.getByTestId('import').click();
      const report = page.getByTestId('import-report');
      await expect(report).toHaveAttribute('data-imported', '3');
      await expect(report).toContainText(t('photo-import:report.imported', { count: 3 }));
      // The size with the language's decimal separator and unit (`1,2 ko`, `1,2 kB`).
      const bytes = Object.values(card.photoBytes).reduce((a, b) => a + b, 0);
      await expect(report).toContainText(format.fileSize(bytes));
      await expect(page.locator('[data-testid="upload-file"][data-state="done"]')).toHaveCount(3);
      await look('photo-import-report', [card.folder, 'NOTES.TXT']);
    });

    expect(failures).toEqual([]);
  });
}
