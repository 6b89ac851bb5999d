import { expect, type Locator, type Page } from '@playwright/test';

export class SchoolsPage {
  readonly tree: Locator;
  readonly panel: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.tree = page.getByTestId('school-tree');
    this.panel = page.getByTestId('school-panel');
    this.search = page.getByTestId('school-search');
  }

  area(name: string): Locator {
    return this.tree.locator(`[data-testid="tree-area"][data-name="${name}"]`);
  }

  school(name: string): Locator {
    return this.tree.locator(`[data-testid="tree-school"][data-name="${name}"]`);
  }

  schools(): Locator {
    return this.tree.getByTestId('tree-school');
  }

  async expandDistrict(name: string): Promise<void> {
    await this.area(name).click();
    await expect(this.area(name)).toHaveAttribute('aria-expanded', 'true');
  }

  /** Opens the first school of the first district and waits for its panel. */
  async openFirstSchool(): Promise<string> {
    const district = this.tree.locator('[data-testid="tree-area"][data-entity="district"]').first();
    await district.click();
    const school = this.schools().first();
    const name = (await school.getAttribute('data-name')) ?? '';
    await school.click();
    await expect(this.panel.getByTestId('school-name')).toContainText(name);
    return name;
  }

  /** The tree row that has keyboard focus. */
  focusedRow(): Locator {
    return this.tree.locator('[role="treeitem"]:focus');
  }

  /** Tree rows that Tab would reach: the roving tabindex allows exactly one. */
  tabbableRows(): Locator {
    return this.tree.locator('[role="treeitem"][tabindex="0"]');
  }

  /** Presses keys one after the other on whatever has focus. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** The id of the school the panel shows. */
  async openSchoolId(): Promise<string> {
    return (await this.panel.getAttribute('data-school-id')) ?? '';
  }

  visitRows(): Locator {
    return this.panel.getByTestId('visit-row');
  }
}
