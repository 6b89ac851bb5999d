import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import { AppPage } from './pages/app-page.js';
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
    await expect.poll(() => worklist.tabCount('all')).toBeLessThan(inDistrict);
    for (const cell of await worklist.rows().all()) {
      await expect(cell.getByRole('gridcell').nth(1)).toHaveText(school);
    }
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
});
