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
