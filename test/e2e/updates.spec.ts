/**
 * The app's own update as the officer meets it: the background download's progress in the status bar,
 * the restart question, the automatic-check setting. The updater is the real glue
 * (src/main/electron/app-updater.ts) on a fake electron-updater (the installed app is not here).
 */
import { type AppUpdater, createAppUpdater, updateFeedUrl } from '../../src/main/electron/app-updater.js';
import { FakeAutoUpdater } from '../electron-glue/fake-auto-updater.js';
import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';
import { type Harness, startHarness } from './support/harness.js';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

let harness: Harness;
let engine: FakeAutoUpdater;
let updater: AppUpdater;

test.beforeEach(async () => {
  engine = new FakeAutoUpdater();
  engine.published = '0.2.0';
  updater = createAppUpdater({
    engine,
    currentVersion: '0.1.0',
    feedUrl: () => updateFeedUrl(harness?.serverUrl ?? null),
    automatic: async () => {
      const settings = await harness?.core.handlers['settings:get'](undefined);
      return settings?.ok ? settings.value.updateChecks : true;
    },
    firstCheckAfterMs: 60 * 60 * 1000,
  });
  harness = await startHarness({ updates: updater });
  updater.start();
  await harness.signIn();
});

test.afterEach(async () => {
  updater.stop();
  await harness.close();
});

test('downloads in the background with progress, then asks before restarting', async ({ page }) => {
  const app = new AppPage(page);
  await app.open(harness.pageUrl());
  await updater.check();
  engine.progress(1_310_720, 4_194_304, 2_600);
  const downloading = app.statusBar.getByTestId('update-downloading');
  await expect(downloading).toContainText('Downloading update 0.2.0 · 31');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await app.screenshot(`update-downloading-${size.width}x${size.height}`);
  }

  engine.finishDownload();
  const ready = app.statusBar.getByTestId('update-ready');
  await expect(ready).toContainText('Fieldsync 0.2.0 is ready');
  // Asked first: "Later" restarts nothing.
  await ready.getByTestId('update-restart').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Restart Fieldsync now to use version 0.2.0?');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await app.screenshot(`update-restart-question-${size.width}x${size.height}`);
  }
  await dialog.getByTestId('update-later').click();
  await expect(dialog).toBeHidden();
  expect(engine.installs).toEqual([]);

  // While a sync runs the restart waits for it, and says so.
  updater.observe({ kind: 'sync:status', status: { ...(await syncStatus()), running: true } });
  await ready.getByTestId('update-restart').click();
  await page.getByRole('dialog').getByTestId('update-restart-now').click();
  await expect(app.statusBar.getByTestId('update-waiting')).toContainText('restarts when the sync has finished');
  expect(engine.installs).toEqual([]);
  updater.observe({ kind: 'sync:status', status: { ...(await syncStatus()), running: false } });
  expect(engine.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
});

test('Settings: turn automatic checks off, check now, see the version', async ({ page }) => {
  const app = new AppPage(page);
  await app.open(harness.pageUrl('#/settings'));
  const checks = page.getByTestId('update-checks');
  await expect(checks).toBeChecked();
  await checks.click();
  await expect
    .poll(async () => {
      const r = await harness.core.handlers['settings:get'](undefined);
      return r.ok ? r.value.updateChecks : null;
    })
    .toBe(false);
  engine.published = null;
  await page.getByTestId('update-check-now').click();
  await expect(page.getByTestId('update-state')).toContainText('You have the latest version');
  await page.getByTestId('update-state').scrollIntoViewIfNeeded();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.getByTestId('update-state').scrollIntoViewIfNeeded();
    await app.screenshot(`update-settings-${size.width}x${size.height}`);
  }
});

async function syncStatus() {
  const r = await harness.core.handlers['sync:status'](undefined);
  if (!r.ok) throw new Error('no sync status');
  return r.value;
}
