import { mkdirSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

const SCREENS = 'test-results/screens';

/** The window around every screen: navigation and the status bar. */
export class AppPage {
  readonly statusBar: Locator;

  constructor(readonly page: Page) {
    this.statusBar = page.getByTestId('status-bar');
  }

  /** Opens the page and waits until main answered (session and status known). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('app')).toBeVisible();
  }

  async go(
    screen: 'Home' | 'Schools' | 'Visits' | 'Queue' | 'Conflicts' | 'Import photos' | 'Settings',
  ): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('tab', { name: new RegExp(`^${screen}`) })
      .click();
  }

  connectivity(): Locator {
    return this.statusBar.getByTestId('connectivity');
  }

  pendingCount(): Locator {
    return this.statusBar.getByTestId('pending-count');
  }

  attentionCount(): Locator {
    return this.statusBar.getByTestId('attention-count');
  }

  /** The status bar's "need attention" count, a button that opens those changes in the queue. */
  attentionButton(): Locator {
    return this.statusBar.getByTestId('attention-button');
  }

  async syncNow(): Promise<void> {
    await this.statusBar.getByTestId('sync-now').click();
  }

  async waitSyncIdle(): Promise<void> {
    await expect(this.statusBar).toHaveAttribute('data-running', 'false');
  }

  /** Saves `test-results/screens/<name>.png` for a person to look at. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENS, { recursive: true });
    await this.page.screenshot({ path: `${SCREENS}/${name}.png` });
  }
}
