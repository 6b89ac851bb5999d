import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import { AppPage } from './pages/app-page.js';
import { SchoolsPage } from './pages/schools-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ seed: 'small' });

const visits = PROFILE_COUNTS.small.schoolVisit ?? 0;
const schoolCount = PROFILE_COUNTS.small.school ?? 0;

test.describe('schools', () => {
  test('the tree shows areas with counts; a school shows its teachers and visits; search finds it', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const schools = new SchoolsPage(page);
    await app.open(harness.pageUrl());
    const country = schools.tree.locator('[data-testid="tree-area"][data-entity="country"]');
    await expect(country).toContainText(`${schoolCount} schools`);
    await expect(country).toContainText(`${visits} visits`);

    const name = await schools.openFirstSchool();
    await expect(schools.panel.getByTestId('teachers-table').locator('tbody tr')).toHaveCount(10);
    await expect(schools.visitRows().first()).toBeVisible();
    await app.screenshot('schools');

    await schools.search.fill(name.split(' ')[0] ?? name);
    const hit = page.getByTestId('search-hit').filter({ hasText: name });
    await expect(hit).toBeVisible();
    await app.screenshot('schools-search');
    await schools.search.fill('');
    await expect(schools.tree).toBeVisible();
  });

  test('the visits worklist scrolls through every visit', async ({ page, harness }) => {
    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/visits'));
    await page.getByRole('tab', { name: 'All' }).click();
    await expect(page.getByTestId('visit-total')).toHaveText(`${visits} visits`);
    const list = page.getByTestId('visit-list');
    await expect(list.getByTestId('visit-row').first()).toBeVisible();
    await app.screenshot('visits');
    // Scroll to the end: the last page is fetched as it comes into view.
    await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(list.locator(`[data-index="${visits - 1}"] [data-testid="visit-row"]`)).toBeVisible();
  });
});
