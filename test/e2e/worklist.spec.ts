import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import { AppPage } from './pages/app-page.js';
import { VisitPage } from './pages/visit-page.js';
import { WorklistPage } from './pages/worklist-page.js';
import { expect, test } from './support/fixtures.js';

// Tiny (8 visits in 2 districts) keeps set-up short on a loaded machine; the store tests cover scale.
test.use({ seed: 'tiny' });
test.setTimeout(180_000);

const visits = PROFILE_COUNTS.tiny.schoolVisit ?? 0;

test.describe('the review worklist', () => {
  test('counts every tab, sorts by a column, and combines filters with free text (Ctrl+F)', async ({
    page,
    harness,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const app = new AppPage(page);
    const worklist = new WorklistPage(page);
    await app.open(harness.pageUrl('#/visits'));
    await expect(worklist.rows().first()).toBeVisible();
    const counts = {
      pending: await worklist.tabCount('pending'),
      flagged: await worklist.tabCount('flagged'),
      approved: await worklist.tabCount('approved'),
      all: await worklist.tabCount('all'),
    };
    expect(counts.all).toBe(visits);
    expect(counts.pending + counts.flagged + counts.approved).toBe(visits);
    await worklist.expectCount(counts.pending);
    await expect(worklist.rows().first()).toHaveAttribute('data-review', 'pending');
    await app.screenshot('worklist-1366x768');

    // Sort by school, A→Z, then Z→A: the header says which.
    await worklist.sortBy('school').click();
    const header = page.getByRole('columnheader', { name: 'School' });
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    const firstSchool = await worklist.row(0).getByRole('gridcell').nth(1).textContent();
    await worklist.sortBy('school').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect(worklist.row(0).getByRole('gridcell').nth(1)).not.toHaveText(firstSchool ?? '');

    // A district, then words typed after Ctrl+F: the counts follow the filters in every tab.
    await worklist.filter('district').click();
    await page.getByRole('option').nth(1).click();
    const inDistrict = await worklist.tabCount('all');
    expect(inDistrict).toBeLessThan(visits);
    await expect.poll(() => worklist.tabCount('all')).toBe(inDistrict);
    await page.keyboard.press('Control+f');
    await expect(page.getByTestId('worklist-search')).toBeFocused();
    const school = (await worklist.row(0).getByRole('gridcell').nth(1).textContent()) ?? '';
    await page.keyboard.type(school);
    // The box keeps every keystroke, and the list settles on that school's visits only (each keystroke's
    // query may show a wider list on the way).
    await expect(page.getByTestId('worklist-search')).toHaveValue(school);
    await expect.poll(() => worklist.columnTexts(1)).toEqual(expect.arrayContaining([school]));
    await expect.poll(async () => new Set(await worklist.columnTexts(1))).toEqual(new Set([school]));
    expect(await worklist.tabCount('all')).toBeLessThan(inDistrict);
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => worklist.tabCount('all')).toBe(visits);
  });

  test('selects with click, Shift+click, Ctrl+click and Ctrl+A, and keeps filters and selection after opening a visit', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const worklist = new WorklistPage(page);
    await app.open(harness.pageUrl('#/visits'));
    await worklist.tab('all').click();
    await worklist.expectCount(visits);
    await worklist.row(1).click();
    await expect(worklist.selectedRows()).toHaveCount(1);
    await worklist.row(4).click({ modifiers: ['Shift'] });
    await expect(worklist.selectedRows()).toHaveCount(4);
    await worklist.row(2).click({ modifiers: ['Control'] });
    await expect(worklist.selectedRows()).toHaveCount(3);
    await expect(worklist.row(2)).toHaveAttribute('aria-selected', 'false');
    await expect(worklist.total).toContainText('3 selected');

    await page.keyboard.press('Control+a');
    await expect(worklist.total).toContainText(`${visits} selected`);
    await worklist.row(0).click();
    await worklist.filter('hasPhotos').click();
    await worklist.filter('hasPhotos').click();
    await worklist.sortBy('monitor').click();
    await worklist.row(3).click();
    await worklist.row(5).click({ modifiers: ['Shift'] });
    await expect(worklist.selectedRows()).toHaveCount(3);
    const opened = await worklist.row(5).getAttribute('data-visit-id');

    // Enter opens the focused visit; Back comes to the same list, sort and selection.
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/visit/${opened}`));
    await page.goBack();
    await expect(worklist.tab('all')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('columnheader', { name: 'Monitor' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(worklist.selectedRows()).toHaveCount(3);
    await expect(worklist.row(5)).toHaveAttribute('aria-selected', 'true');
    await expect(worklist.row(5)).toBeFocused();
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.screenshot('worklist-1280x720');
  });

  test('approves and flags the selection in one go (Alt+A, Alt+F), and Undo (Ctrl+Z) puts the reviews back', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const worklist = new WorklistPage(page);
    await app.open(harness.pageUrl('#/visits'));
    await expect.poll(() => worklist.tabCount('pending')).toBeGreaterThan(3);
    const pending = await worklist.tabCount('pending');
    const approved = await worklist.tabCount('approved');
    const flagged = await worklist.tabCount('flagged');
    const reviewsOnServer = async (ids: readonly string[]) => {
      const res = await harness.server.request('demo', 'GET', '/api/school-visits?limit=1000');
      const items = (res.body as { items: { id: string; reviewStatus: string }[] }).items;
      return ids.map((id) => items.find((v) => v.id === id)?.reviewStatus);
    };

    // Approve three with the keyboard (the button says what Alt+A will do).
    await worklist.row(0).click();
    await worklist.row(2).click({ modifiers: ['Shift'] });
    const chosen = await worklist
      .selectedRows()
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-visit-id')));
    await expect(page.getByTestId('bulk-approve')).toHaveText('Approve 3 visits');
    await page.keyboard.press('Alt+a');
    await expect(page.getByTestId('bulk-notice')).toContainText('Approved: 3 visits');
    await expect.poll(() => worklist.tabCount('pending')).toBe(pending - 3);
    await expect.poll(() => worklist.tabCount('approved')).toBe(approved + 3);
    await expect(worklist.selectedRows()).toHaveCount(0);
    await app.screenshot('worklist-bulk-approved');

    // Ctrl+Z takes it back, whether the three operations were still here or already sent.
    await worklist.row(0).focus();
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('bulk-notice')).toContainText('3 visits are back as they were');
    await expect.poll(() => worklist.tabCount('pending')).toBe(pending);
    await expect.poll(() => worklist.tabCount('approved')).toBe(approved);
    await expect(page.getByTestId('bulk-undo')).toHaveCount(0);
    await expect
      .poll(() => reviewsOnServer(chosen as string[]), { timeout: 30_000 })
      .toEqual(chosen.map(() => 'pending'));

    // Alt+F flags two with one comment, which the dialog asks for; once sent, Undo sends the old reviews back.
    await worklist.row(0).click();
    await worklist.row(1).click({ modifiers: ['Shift'] });
    const two = await worklist
      .selectedRows()
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-visit-id') ?? ''));
    await page.keyboard.press('Alt+f');
    await expect(page.getByTestId('bulk-flag-confirm')).toBeDisabled();
    await page.getByTestId('bulk-flag-comment').fill('Same scores on every pupil');
    await app.screenshot('worklist-bulk-flag-dialog');
    const sent = harness.next('sync:finished', (e) => e.summary.pushed >= 2);
    await page.getByTestId('bulk-flag-confirm').click();
    await expect.poll(() => worklist.tabCount('flagged')).toBe(flagged + 2);
    await sent;
    expect(await reviewsOnServer(two)).toEqual(['flagged', 'flagged']);
    await page.getByTestId('bulk-undo').click();
    await expect.poll(() => worklist.tabCount('flagged')).toBe(flagged);
    await expect.poll(() => reviewsOnServer(two), { timeout: 30_000 }).toEqual(['pending', 'pending']);
  });

  test('works through the list from a visit: Approve and next (Alt+A), Flag and next, Ctrl+. and Ctrl+,', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const worklist = new WorklistPage(page);
    const visit = new VisitPage(page);
    await app.open(harness.pageUrl('#/visits'));
    await expect.poll(() => worklist.tabCount('pending')).toBeGreaterThan(3);
    const pending = await worklist.tabCount('pending');
    const ids = await Promise.all([0, 1, 2].map((i) => worklist.row(i).getAttribute('data-visit-id')));
    await worklist.row(0).dblclick();
    await visit.waitLoaded(ids[0] ?? '');
    await expect(page.getByTestId('visit-position')).toHaveText(`1 of ${pending}`);
    await expect(page.getByTestId('visit-previous')).toBeDisabled();
    await page.getByTestId('approve-next').hover();
    await expect(page.getByRole('tooltip')).toHaveText('Approve, then open the next visit in the list (Alt+A)');
    await page.setViewportSize({ width: 1366, height: 768 });
    await app.screenshot('visit-approve-next-1366x768');

    await page.keyboard.press('Alt+a');
    await visit.waitLoaded(ids[1] ?? '');
    await expect
      .poll(async () => {
        const r = await harness.core.handlers['graph:visit']({ id: ids[0] ?? '' });
        return r.ok ? r.value.visit.fields.reviewStatus : null;
      })
      .toBe('approved');

    // Ctrl+. and Ctrl+, move through the list as the officer left it, without deciding.
    await page.keyboard.press('Control+.');
    await visit.waitLoaded(ids[2] ?? '');
    await page.keyboard.press('Control+,');
    await visit.waitLoaded(ids[1] ?? '');

    // Flag and next needs the comment, like Flag.
    await visit.review.getByTestId('review-comment').fill('Photos missing');
    await visit.review.getByTestId('flag-next').click();
    await visit.waitLoaded(ids[2] ?? '');
    await app.go('Visits');
    await expect(worklist.grid).toBeVisible();
    await expect.poll(() => worklist.tabCount('pending')).toBe(pending - 2);
    await expect.poll(() => worklist.tabCount('flagged')).toBeGreaterThan(0);
  });
});
