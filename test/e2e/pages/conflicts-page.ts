import type { Locator, Page } from '@playwright/test';

export class ConflictsPage {
  readonly screen: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('conflicts-screen');
    this.detail = page.getByTestId('conflict-detail');
  }

  items(): Locator {
    return this.screen.getByTestId('conflict-item');
  }

  field(name: string): Locator {
    return this.detail.locator(`[data-testid="conflict-field"][data-field="${name}"]`);
  }

  async choose(field: string, side: 'local' | 'server'): Promise<void> {
    // Fluent's Radio puts the test id on its native input.
    await this.detail.getByTestId(`choose-${side}-${field}`).check();
  }

  async applyChoices(): Promise<void> {
    await this.detail.getByTestId('apply-choices').click();
  }
}
