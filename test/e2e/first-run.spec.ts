import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ signedIn: false, demo: true });

test.describe('first run', () => {
  test('offers Demo mode, which starts the reference server in-process and signs in', async ({ page, harness }) => {
    const app = new AppPage(page);
    await app.open(harness.pageUrl());
    const demo = page.getByTestId('demo-card');
    await expect(demo).toBeVisible();
    await app.screenshot('first-run');
    const synced = harness.next('sync:finished');
    await demo.getByTestId('start-demo').click();
    await expect(page.getByTestId('app')).toHaveAttribute('data-signed-in', 'true', { timeout: 60_000 });
    expect((await synced).summary.error).toBeUndefined();
    // Demo mode starts on Home like any sign-in; the demo's schools are one click away.
    await expect(page.getByTestId('home-screen')).toBeVisible();
    await app.go('Schools');
    await expect(page.getByTestId('school-tree').locator('[data-entity="country"]')).toContainText('4 schools');
    expect(harness.core.session.state()).toMatchObject({ demo: true, user: { displayName: 'Demo Officer' } });
  });
});
