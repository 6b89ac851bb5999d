import { AppPage } from './pages/app-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ signedIn: false });

test.describe('sign-in', () => {
  test('a wrong password is said in plain words, then the right one opens Home', async ({ page, harness }) => {
    const app = new AppPage(page);
    const signIn = new SignInPage(page);
    await app.open(harness.pageUrl());
    await expect(signIn.form).toBeVisible();
    await app.screenshot('sign-in');

    await signIn.signIn(harness.serverUrl, 'demo', 'wrong-password');
    await expect(signIn.error).toHaveText('The user name or password is not right.');
    await signIn.form.getByRole('button', { name: 'Details' }).click();
    await expect(signIn.form.getByTestId('error-detail')).toContainText('code: UNAUTHORIZED');
    await app.screenshot('sign-in-wrong-password');

    const synced = harness.next('sync:finished');
    await signIn.signIn(harness.serverUrl, 'demo', 'demo');
    await expect(page.getByTestId('app')).toHaveAttribute('data-signed-in', 'true');
    expect((await synced).summary.error).toBeUndefined();
    // Signing in starts on Home: what needs the officer today.
    await expect(page.getByTestId('home-screen')).toBeVisible();
    await expect(app.connectivity()).toHaveText(/Online/);
    await expect(page.getByTestId('last-synced')).not.toHaveText(/never/);
  });

  test('an unreachable server is said in plain words', async ({ page, harness }) => {
    const app = new AppPage(page);
    const signIn = new SignInPage(page);
    await app.open(harness.pageUrl());
    await harness.server.stop();
    await signIn.signIn(harness.serverUrl, 'demo', 'demo');
    await expect(signIn.error).toHaveText(/server cannot be reached/);
    await app.screenshot('sign-in-server-down');
  });

  test('a malformed server address is refused before anything is sent', async ({ page, harness }) => {
    const app = new AppPage(page);
    const signIn = new SignInPage(page);
    await app.open(harness.pageUrl());
    await signIn.signIn('sync.example.org', 'demo', 'demo');
    await expect(signIn.error).toHaveText(
      /^Server address: enter it starting with https:\/\/ \(http:\/\/ only for a server on this computer\)/,
    );
  });
});
