import { readFileSync } from 'node:fs';
import { AppPage } from './pages/app-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { expect, test } from './support/fixtures.js';

test.describe('settings', () => {
  test('changes the sync interval, exports diagnostics without secrets, signs out', async ({ page, harness }) => {
    const app = new AppPage(page);
    const settings = new SettingsPage(page);
    await app.open(harness.pageUrl('#/settings'));
    await expect(settings.screen.getByTestId('signed-in-as')).toContainText('Demo Officer');
    await expect(settings.screen.getByTestId('data-folder')).toHaveText(harness.dataDir);

    await settings.syncInterval().fill('30');
    await settings.syncInterval().press('Enter');
    await expect
      .poll(async () => {
        const r = await harness.core.handlers['settings:get'](undefined);
        return r.ok ? r.value.syncIntervalMinutes : null;
      })
      .toBe(30);

    const said = await settings.exportDiagnostics();
    const path = /to (.+\.json)$/.exec(said)?.[1];
    expect(path).toBeTruthy();
    const text = readFileSync(path ?? '', 'utf8');
    expect(JSON.parse(text)).toMatchObject({ session: { signedIn: true }, settings: { syncIntervalMinutes: 30 } });
    expect(text).not.toMatch(/"token"\s*:\s*"[^[]/);
    expect(text).not.toContain('"password"');
    await app.screenshot('settings');

    await settings.screen.getByTestId('sign-out').click();
    await expect(page.getByTestId('app')).toHaveAttribute('data-signed-in', 'false');
    await expect(settings.screen.getByTestId('sign-in-form')).toBeVisible();
    await expect(app.connectivity()).toHaveText(/Not signed in/);
  });

  test('the photo import screen has its place in the navigation', async ({ page, harness }) => {
    const app = new AppPage(page);
    await app.open(harness.pageUrl());
    await app.go('Import photos');
    await expect(page.getByTestId('photos-screen')).toBeVisible();
    await app.screenshot('photos');
  });
});
