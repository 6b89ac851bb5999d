import { expect, type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  readonly screen: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('settings-screen');
  }

  syncInterval(): Locator {
    return this.screen.getByTestId('sync-interval');
  }

  dataFolder(): Locator {
    return this.screen.getByTestId('data-folder');
  }

  /** Moves the data (the harness answers the folder dialog) and waits until it says how that went. */
  async moveDataFolder(): Promise<void> {
    await this.screen.getByTestId('change-data-folder').click();
    const outcome = this.screen.getByTestId('data-folder-moved').or(this.screen.getByTestId('error-notice'));
    await expect(outcome).toBeVisible();
    await expect(this.screen.getByTestId('change-data-folder')).toBeEnabled();
  }

  async exportDiagnostics(): Promise<string> {
    await this.screen.getByTestId('export-diagnostics').click();
    const result = this.screen.getByTestId('export-result');
    await result.waitFor();
    return (await result.textContent()) ?? '';
  }
}
