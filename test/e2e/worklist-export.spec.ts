import ExcelJS from 'exceljs';
import { AppPage } from './pages/app-page.js';
import { WorklistPage } from './pages/worklist-page.js';
import { expect, test } from './support/fixtures.js';

test.setTimeout(180_000);

test.describe('the worklist export', () => {
  test('exports exactly the visits the worklist shows under its tab, filters and order', async ({ page, harness }) => {
    const app = new AppPage(page);
    const worklist = new WorklistPage(page);
    await app.open(harness.pageUrl('#/visits'));
    await expect(worklist.rows().first()).toBeVisible();
    const facets = await harness.core.handlers['worklist:facets']({});
    const district = facets.ok ? facets.value.districts[0] : undefined;
    if (!district) throw new Error('the tiny seed has districts');

    // Every visit, of one district, sorted by school A→Z: what the officer sees is what the file holds.
    await worklist.tab('all').click();
    await worklist.filter('district').click();
    await page.getByRole('option', { name: district.name, exact: true }).click();
    await worklist.sortBy('school').click();
    await expect(page.getByRole('columnheader', { name: 'School' })).toHaveAttribute('aria-sort', 'ascending');
    const query = { tab: 'all', filter: { districtId: district.id }, sort: 'school', descending: false } as const;
    const shown = await harness.core.handlers['worklist:ids']({ ...query, limit: 20_000 });
    if (!shown.ok) throw new Error(shown.error.message);
    const everyVisit = await harness.core.handlers['worklist:ids']({ ...query, filter: {}, limit: 20_000 });
    // The district filter leaves visits out: an export that ignored it would hold more rows.
    expect(shown.value.ids.length).toBeGreaterThan(0);
    expect(shown.value.ids.length).toBeLessThan(everyVisit.ok ? everyVisit.value.total : 0);
    await worklist.expectCount(shown.value.ids.length);
    const schoolsShown = await worklist
      .rows()
      .evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('data-row-index')) - Number(b.getAttribute('data-row-index')))
          .map((row) => row.querySelectorAll('[role="gridcell"]')[1]?.textContent ?? ''),
      );

    await page.getByTestId('worklist-export').click();
    await page.getByTestId('worklist-export-xlsx').click();
    const said = page.getByTestId('export-result');
    await expect(said).toHaveText(/^\d+ rows? saved to .+\.xlsx \(.+\)$/);
    const path = / saved to (.+\.xlsx) \(/.exec((await said.textContent()) ?? '')?.[1] ?? '';
    // The browser host saves into its export folder (the Electron app asks with the save dialog).
    expect(path.startsWith(harness.dataDir)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.screenshot('worklist-export-1280x720');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const column = (name: string) => {
      const c = header.indexOf(name) + 1;
      expect(c, name).toBeGreaterThan(0);
      return sheet
        .getColumn(c)
        .values.slice(2)
        .map((v) => String(v));
    };
    expect(column('Visit ID')).toEqual(shown.value.ids);
    expect(column('District')).toEqual(shown.value.ids.map(() => district.name));
    expect(column('School')).toEqual(schoolsShown);
  });
});
