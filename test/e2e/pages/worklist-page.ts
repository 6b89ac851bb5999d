import { expect, type Locator, type Page } from '@playwright/test';

/** The review worklist: tabs with counts, filters, the grid and its bulk actions. */
export class WorklistPage {
  readonly grid: Locator;
  readonly total: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByTestId('worklist-grid');
    this.total = page.getByTestId('worklist-total');
  }

  tab(tab: 'pending' | 'flagged' | 'approved' | 'all'): Locator {
    return this.page.getByTestId(`worklist-tab-${tab}`);
  }

  rows(): Locator {
    return this.grid.getByTestId('worklist-row');
  }

  row(index: number): Locator {
    return this.grid.locator(`[data-testid="worklist-row"][data-row-index="${index}"]`);
  }

  selectedRows(): Locator {
    return this.grid.locator('[data-testid="worklist-row"][aria-selected="true"]');
  }

  sortBy(column: string): Locator {
    return this.page.getByTestId(`sort-${column}`);
  }

  filter(name: string): Locator {
    return this.page.getByTestId(`filter-${name}`);
  }

  /** The text of one column (by cell index) in every row the grid has rendered. */
  columnTexts(cell: number): Promise<string[]> {
    return this.rows().evaluateAll(
      (rows, index) => rows.map((row) => row.querySelectorAll('[role="gridcell"]')[index]?.textContent ?? ''),
      cell,
    );
  }

  /** Waits until the grid holds `count` visits (its rows are fetched as they come into view). */
  async expectCount(count: number): Promise<void> {
    await expect(this.grid).toHaveAttribute('data-count', String(count));
  }

  /** The number in a tab's label, e.g. 3 from "Flagged (3)". */
  async tabCount(tab: 'pending' | 'flagged' | 'approved' | 'all'): Promise<number> {
    const text = (await this.tab(tab).textContent()) ?? '';
    return Number(/\(([\d,  .]+)\)/.exec(text)?.[1]?.replace(/\D/g, '') ?? Number.NaN);
  }
}
