import type { Locator, Page } from '@playwright/test';

export class SignInPage {
  readonly form: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('sign-in-form');
    this.error = this.form.getByTestId('error-message');
  }

  async signIn(serverUrl: string, username: string, password: string): Promise<void> {
    await this.form.getByTestId('server-url').fill(serverUrl);
    await this.form.getByTestId('username').fill(username);
    await this.form.getByTestId('password').fill(password);
    await this.form.getByTestId('sign-in').click();
  }
}
