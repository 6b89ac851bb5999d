import type { Locator, Page } from '@playwright/test';

/** The "Choose a new password" step that follows a sign-in with a one-time password. */
export class ChangePasswordPage {
  readonly form: Locator;
  readonly newPasswordField: Locator;
  readonly confirmField: Locator;
  readonly policy: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('change-password-form');
    this.newPasswordField = this.form.getByTestId('new-password-field');
    this.confirmField = this.form.getByTestId('confirm-password-field');
    this.policy = this.form.getByTestId('password-policy');
  }

  async choose(newPassword: string, confirm = newPassword): Promise<void> {
    await this.form.getByTestId('new-password').fill(newPassword);
    await this.form.getByTestId('confirm-password').fill(confirm);
    await this.form.getByTestId('change-password').click();
  }
}
