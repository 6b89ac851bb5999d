import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { AppPage } from './pages/app-page.js';
import { ChangePasswordPage } from './pages/change-password-page.js';
import { SchoolsPage } from './pages/schools-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ signedIn: false });

test.describe('first sign-in with a one-time password', () => {
  test('asks for a new password, says what is wrong on the field, then signs in', async ({ page, harness }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const added = await new UserAdmin(harness.server.db).add({
      username: 'grace.n',
      password: 'given-once-2468',
      displayName: 'Grace N.',
      organisationId: harness.server.facts?.demo.organisationId ?? '',
      districtIds: null,
    });
    expect(added.ok).toBe(true);
    const app = new AppPage(page);
    const signIn = new SignInPage(page);
    const change = new ChangePasswordPage(page);
    await app.open(harness.pageUrl());

    await signIn.signIn(harness.serverUrl, 'grace.n', 'given-once-2468');
    await expect(change.form.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await expect(change.policy).toContainText('at least 10 characters');
    await expect(page.getByTestId('app')).toHaveAttribute('data-signed-in', 'false');
    await app.screenshot('change-password');

    // The page checks the policy and the confirmation before anything is sent...
    await change.choose('grace2026', 'grace2026');
    await expect(change.newPasswordField).toContainText('Use at least 10 characters.');
    await change.choose('Nyeri highlands 9', 'Nyeri highlands 8');
    await expect(change.confirmField).toContainText('The two passwords are not the same.');
    // ...and the server, which alone knows the given password, refuses it in the same place.
    await change.choose('given-once-2468');
    await expect(change.newPasswordField).toContainText('It must not be the password you were given.');
    await expect(change.form.getByTestId('change-password')).toBeInViewport();
    await app.screenshot('change-password-refused');

    const synced = harness.next('sync:finished');
    await change.choose('Nyeri highlands 9');
    await expect(page.getByTestId('app')).toHaveAttribute('data-signed-in', 'true');
    expect((await synced).summary.error).toBeUndefined();
    // The new session starts on Home; the whole organisation's schools arrived with its first sync.
    await expect(page.getByTestId('home-screen')).toBeVisible();
    await app.screenshot('change-password-signed-in');
    await app.go('Schools');
    await expect(new SchoolsPage(page).area('District 1')).toBeVisible();
  });
});
