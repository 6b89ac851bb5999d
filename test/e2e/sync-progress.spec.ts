import { AppPage } from './pages/app-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ seed: 'small', signedIn: false, viaFaultProxy: true, pageLimit: 400 });

test.describe('sync progress', () => {
  test('the progress bar moves during a slow first sync', async ({ page, harness }) => {
    const app = new AppPage(page);
    // A slow link (100 KB/s each way) and small pages: the first sync takes a few seconds.
    harness.proxy?.set({ bytesPerSecond: 100_000, latencyMs: 20 });
    await app.open(harness.pageUrl());
    const finished = harness.next('sync:finished');
    await new SignInPage(page).signIn(harness.serverUrl, 'demo', 'demo');
    const bar = app.statusBar.getByTestId('sync-progress');
    await expect(bar).toBeVisible();
    const first = Number(await bar.getAttribute('data-done'));
    await expect
      .poll(async () => Number(await bar.getAttribute('data-done')), { timeout: 30_000 })
      .toBeGreaterThan(first);
    await expect(app.statusBar.getByTestId('sync-phase')).toContainText('Receiving');
    await app.screenshot('sync-progress');
    expect((await finished).summary.error).toBeUndefined();
    await app.waitSyncIdle();
  });
});
