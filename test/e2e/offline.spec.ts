import { AppPage } from './pages/app-page.js';
import { VisitPage } from './pages/visit-page.js';
import { expect, test } from './support/fixtures.js';

test.describe('offline', () => {
  test('a review made offline waits in the outbox and syncs by itself when the server is back', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const visit = new VisitPage(page);
    const visits = await harness.core.handlers['graph:visits']({ reviewStatus: 'pending', offset: 0, limit: 1 });
    const visitId = visits.ok ? visits.value.items[0]?.id : undefined;
    if (!visitId) throw new Error('no visit awaiting review');
    await app.open(harness.pageUrl(`#/visit/${visitId}`));
    await visit.waitLoaded(visitId);
    await expect(app.connectivity()).toHaveText(/Online/);

    await harness.server.stop();
    const failed = harness.next('sync:finished', (e) => e.summary.error?.code === 'NETWORK');
    await visit.approve();
    await failed;
    await expect(app.connectivity()).toHaveText(/Offline/);
    await expect(app.pendingCount()).toHaveText('1 pending');
    await expect(visit.screen.getByTestId('marker-pending').first()).toBeVisible();
    await expect(visit.review.getByTestId('review-saved')).toBeVisible();
    await app.screenshot('offline-pending');

    // Back online: reachability notices and the scheduler syncs on reconnect — no click.
    const synced = harness.next('sync:finished', (e) => e.summary.pushed === 1);
    await harness.server.start();
    expect((await synced).summary.error).toBeUndefined();
    await expect(app.connectivity()).toHaveText(/Online/);
    await expect(app.pendingCount()).toHaveText('0 pending');
    await expect(visit.screen).toHaveAttribute('data-local-state', 'synced');
    await expect(visit.status()).toHaveAttribute('data-status', 'approved');
  });
});

test.describe('offline, the banner', () => {
  // The app re-probes by itself 1–8 s after a failure; on a loaded machine that probe could find the
  // server before the click below and take the banner away. Here it waits 10 minutes, so only the
  // officer's "Try again now" (and the OS's "online" event) can bring the app back.
  test.use({ backoffs: { probe: { baseMs: 600_000, maxMs: 600_000 } } });

  test('offline, the banner says the work is safe and "Try again now" finds the server at once', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    await app.open(harness.pageUrl());
    await expect(app.connectivity()).toHaveText(/Online/);

    // The OS says the network is gone: Offline at once, with the banner.
    await page.evaluate("window.dispatchEvent(new Event('offline'))");
    await expect(app.connectivity()).toHaveText(/Offline/);
    const banner = app.statusBar.getByTestId('offline-banner');
    await expect(banner).toContainText('Your work is kept on this computer');
    // …and back: the page asks main to probe now, not at the next scheduled probe.
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await expect(app.connectivity()).toHaveText(/Online/, { timeout: 1_500 });
    await expect(banner).toHaveCount(0);

    await harness.server.stop();
    const failed = harness.next('sync:finished', (e) => e.summary.error?.code === 'NETWORK');
    await app.syncNow();
    await failed;
    await expect(banner).toBeVisible();
    await banner.getByTestId('try-again').click();
    await expect(banner.getByTestId('still-offline')).toBeVisible();
    await app.screenshot('offline-banner');
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.screenshot('offline-banner-1280x720');

    await harness.server.start();
    const clicked = Date.now();
    await banner.getByTestId('try-again').click();
    await expect(app.connectivity()).toHaveText(/Online/, { timeout: 1_500 });
    console.info(`"Try again now" to Online: ${Date.now() - clicked} ms`);
    await expect(banner).toHaveCount(0);
  });
});
