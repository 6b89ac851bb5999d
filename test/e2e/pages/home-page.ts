import type { Locator, Page } from '@playwright/test';

export type HomeCount = 'awaitingReview' | 'followUpsDue' | 'openConflicts' | 'photosNotUploaded' | 'needsAttention';

/** The start page: what needs the officer today, each a count that opens its list. */
export class HomePage {
  readonly screen: Locator;
  readonly lastSync: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('home-screen');
    this.lastSync = page.getByTestId('home-last-sync');
  }

  tile(count: HomeCount): Locator {
    return this.page.getByTestId(`home-${count}`);
  }

  /** The count a tile shows, read from its text (as the officer reads it). */
  async count(count: HomeCount): Promise<number> {
    const text = (await this.tile(count).getByTestId('home-count').textContent()) ?? '';
    return Number(text.replace(/\D/g, '') || Number.NaN);
  }
}
