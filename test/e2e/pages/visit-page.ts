import { expect, type Locator, type Page } from '@playwright/test';

export class VisitPage {
  readonly screen: Locator;
  readonly review: Locator;
  readonly picture: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('visit-screen');
    this.review = page.getByTestId('review-card');
    this.picture = page.getByTestId('visit-picture');
  }

  async waitLoaded(visitId?: string): Promise<void> {
    await expect(this.screen).toBeVisible();
    if (visitId) await expect(this.screen).toHaveAttribute('data-visit-id', visitId);
  }

  /** Approves, and waits until the screen shows the visit approved. */
  async approve(): Promise<void> {
    await this.review.getByTestId('approve').click();
    await expect(this.status()).toHaveAttribute('data-status', 'approved');
  }

  async flag(comment: string): Promise<void> {
    await this.review.getByTestId('review-comment').fill(comment);
    await this.review.getByTestId('flag').click();
  }

  /** The heading: the visit's school and date. */
  title(): Locator {
    return this.screen.getByTestId('visit-title');
  }

  byline(): Locator {
    return this.screen.getByTestId('visit-byline');
  }

  status(): Locator {
    return this.review.getByTestId('review-status');
  }

  tab(name: RegExp): Locator {
    return this.page.getByRole('tab', { name });
  }
}
