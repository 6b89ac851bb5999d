import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppPage } from './pages/app-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { expect, test } from './support/fixtures.js';

/** Where the officer had moved the data: a USB drive that is not plugged in today. */
const usbFolder = () => join(tmpdir(), `fieldsync-e2e-usb-${randomBytes(4).toString('hex')}`, 'Fieldsync');

test.describe('a data folder that is not there at start', () => {
  // Each test its own drive (the tests run in parallel, and one plugs its drive back in).
  test.use({
    signedIn: false,
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
    movedTo: async ({}, use) => {
      const folder = usbFolder();
      await use(folder);
      rmSync(dirname(folder), { recursive: true, force: true });
    },
  });

  test('is said on screen, Settings stays open, and it is used once the drive is back', async ({
    page,
    harness,
    movedTo,
  }) => {
    if (!movedTo) throw new Error('no folder');
    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/schools'));
    const missing = page.getByTestId('data-folder-missing');
    await expect(missing).toBeVisible();
    await expect(page.getByTestId('data-folder-missing-reason')).toContainText(`${movedTo} cannot be found`);
    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect(page.getByTestId('data-folder-retry')).toBeInViewport();
      await app.screenshot(`data-folder-missing-${width}x${height}`);
    }
    expect(existsSync(movedTo)).toBe(false);

    await app.go('Settings');
    await expect(new SettingsPage(page).screen).toBeVisible();

    // The drive is plugged in again.
    mkdirSync(join(movedTo, 'accounts'), { recursive: true });
    writeFileSync(join(movedTo, 'settings.json'), JSON.stringify({ syncIntervalMinutes: 45 }));
    await page.getByTestId('data-folder-retry').click();
    await expect(missing).toBeHidden();
    await expect(new SettingsPage(page).dataFolder()).toHaveText(movedTo);
  });

  test('can be given up for a fresh start, after a warning', async ({ page, harness }) => {
    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/schools'));
    await page.getByTestId('data-folder-start-fresh').click();
    await expect(page.getByRole('dialog')).toContainText('Nothing in');
    await app.screenshot('data-folder-start-fresh');
    await page.getByTestId('data-folder-confirm-fresh').click();
    await expect(page.getByTestId('data-folder-missing')).toBeHidden();
    await app.go('Settings');
    await expect(new SettingsPage(page).dataFolder()).toHaveText(harness.dataDir);
  });
});
