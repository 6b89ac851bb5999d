import { expect, type Locator, type Page } from '@playwright/test';

/** The few page globals the progress recorder uses (the tests' TypeScript has no DOM types). */
interface PageGlobals {
  readonly document: {
    readonly body: unknown;
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
  readonly MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: Record<string, boolean>): void };
  moveProgressSeen?: string[];
}

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

  /** The bar of a running move (gone once it has finished). */
  moveProgress(): Locator {
    return this.screen.getByTestId('data-folder-progress');
  }

  /** The warning that the old copy of the data could not be removed. */
  leftBehind(): Locator {
    return this.screen.getByTestId('data-folder-left-behind');
  }

  /**
   * Records every state the move's progress bar is drawn in from now on (phase and bytes, as
   * `phase copied/total`), however briefly: a fast copy shows it for well under a second.
   * Returns a function that reads what was recorded.
   */
  async recordMoveProgress(): Promise<() => Promise<string[]>> {
    await this.page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      const seen: string[] = [];
      page.moveProgressSeen = seen;
      new page.MutationObserver(() => {
        const bar = page.document.querySelector('[data-testid="data-folder-progress"]');
        if (!bar) return;
        const state = `${bar.getAttribute('data-phase')} ${bar.getAttribute('data-copied')}/${bar.getAttribute('data-total')}`;
        if (seen.at(-1) !== state) seen.push(state);
      }).observe(page.document.body, { subtree: true, childList: true, attributes: true });
    });
    return () => this.page.evaluate(() => [...((globalThis as unknown as PageGlobals).moveProgressSeen ?? [])]);
  }

  async exportDiagnostics(): Promise<string> {
    await this.screen.getByTestId('export-diagnostics').click();
    const result = this.screen.getByTestId('export-result');
    await result.waitFor();
    return (await result.textContent()) ?? '';
  }
}
