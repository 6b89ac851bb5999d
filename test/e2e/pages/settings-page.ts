import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  readonly screen: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('settings-screen');
  }

  syncInterval(): Locator {
    return this.screen.getByTestId('sync-interval');
  }

  async exportDiagnostics(): Promise<string> {
    await this.screen.getByTestId('export-diagnostics').click();
    const result = this.screen.getByTestId('export-result');
    await result.waitFor();
    return (await result.textContent()) ?? '';
  }
}
