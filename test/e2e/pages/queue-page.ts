import { expect, type Locator, type Page } from '@playwright/test';

export class QueuePage {
  readonly screen: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('queue-screen');
  }

  rows(state?: string): Locator {
    const rows = this.screen.getByTestId('queue-row');
    return state ? rows.and(this.page.locator(`[data-state="${state}"]`)) : rows;
  }

  /** The virtualised list of operations (its `data-count` is the total of the filter). */
  list(): Locator {
    return this.screen.getByTestId('queue-list');
  }

  tab(state: 'all' | 'pending' | 'in_flight' | 'failed' | 'needs_attention' | 'attention'): Locator {
    return this.screen.getByTestId(`queue-tab-${state}`);
  }

  async filter(state: 'all' | 'pending' | 'failed' | 'needs_attention'): Promise<void> {
    await this.tab(state).click();
  }

  /** Discards the first row, returning the lines the confirmation said would be lost. */
  async discardFirst(): Promise<string[]> {
    await this.rows().first().getByTestId('queue-discard').click();
    const dialog = this.page.getByTestId('discard-dialog');
    await expect(dialog).toBeVisible();
    const lost = await dialog.getByTestId('discard-lost').locator('li').allTextContents();
    await dialog.getByTestId('discard-confirm').click();
    await expect(dialog).toBeHidden();
    return lost;
  }
}
