import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import { AppPage } from './pages/app-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ seed: 'small', signedIn: false, viaFaultProxy: true, pageLimit: 400 });

test.describe('sync progress', () => {
  test('the progress bar moves during a slow first sync', async ({ page, harness }) => {
    const app = new AppPage(page);
    // A slow link (30 KB/s each way) and small pages: the first sync takes a while.
    harness.proxy?.set({ bytesPerSecond: 20_000, latencyMs: 100 });
    await app.open(harness.pageUrl());
    const finished = harness.next('sync:finished');
    await new SignInPage(page).signIn(harness.serverUrl, 'demo', 'demo');
    const bar = app.statusBar.getByTestId('sync-progress');
    await expect(bar).toBeVisible();
    const first = Number(await bar.getAttribute('data-done'));
    await expect
      .poll(async () => Number(await bar.getAttribute('data-done')), { timeout: 30_000 })
      .toBeGreaterThan(first);
    // The server said how many records wait: "of N", a percentage, a rate and the time left.
    const phase = app.statusBar.getByTestId('sync-phase');
    await expect(phase).toContainText(/Receiving .* of [\d,]+ · \d+%/);
    const total = Number(await bar.getAttribute('data-total'));
    const records = Object.values(PROFILE_COUNTS.small).reduce((a, b) => a + b, 0);
    expect(total).toBe(records);
    await expect(phase).toContainText(/left/, { timeout: 10_000 });
    await app.screenshot('sync-progress');
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.screenshot('sync-progress-1280x720');
    expect((await finished).summary.error).toBeUndefined();
    await app.waitSyncIdle();
  });

  test('Cancel stops the first sync, keeps what arrived, says so; the next sync goes on from there', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    // A 2G-like link: the first sync would take minutes.
    harness.proxy?.set({ bytesPerSecond: 20_000, latencyMs: 150 });
    await app.open(harness.pageUrl());
    const cancelled = harness.next('sync:finished');
    await new SignInPage(page).signIn(harness.serverUrl, 'demo', 'demo');
    const bar = app.statusBar.getByTestId('sync-progress');
    await expect.poll(async () => Number(await bar.getAttribute('data-done')), { timeout: 30_000 }).toBeGreaterThan(0);
    await app.statusBar.getByTestId('sync-cancel').click();
    const { summary } = await cancelled;
    expect(summary.error?.code).toBe('CANCELLED');
    expect(summary.pulled).toBeGreaterThan(0);
    const notice = app.statusBar.getByTestId('sync-cancelled');
    await expect(notice).toContainText('Sync cancelled');
    await expect(notice).toContainText(`${summary.pulled.toLocaleString('en')} records received are kept`);
    await app.screenshot('sync-cancelled');

    harness.proxy?.set({ bytesPerSecond: 0, latencyMs: 0 });
    const rest = harness.next('sync:finished');
    await app.syncNow();
    const next = (await rest).summary;
    expect(next.error).toBeUndefined();
    // Nothing was received twice: the second sync brought only what the first had not.
    const records = Object.values(PROFILE_COUNTS.small).reduce((a, b) => a + b, 0);
    expect(summary.pulled + next.pulled).toBe(records);
    await expect(notice).toHaveCount(0);
  });
});
