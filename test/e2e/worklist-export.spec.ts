import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { AppPage } from './pages/app-page.js';
import { WorklistPage } from './pages/worklist-page.js';
import { expect, test } from './support/fixtures.js';

test.setTimeout(180_000);

/** Exports the worklist from its menu and saves what the browser downloads; returns the saved file. */
async function exportAndDownload(page: Page, format: 'xlsx' | 'csv'): Promise<string> {
  await page.getByTestId('worklist-export').click();
  const downloading = page.waitForEvent('download');
  await page.getByTestId(`worklist-export-${format}`).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
  const path = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

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

    // The browser host hands the file to the browser as a download (the Electron app asks with the save dialog).
    const path = await exportAndDownload(page, 'xlsx');
    const said = page.getByTestId('export-result');
    await expect(said).toHaveText(/^\d+ rows? exported \(.+\); your browser is downloading the file$/);
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

    // The same list as CSV, downloaded too: one line per visit shown, in the worklist's order.
    const csvPath = await exportAndDownload(page, 'csv');
    const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(shown.value.ids.length + 1);
    expect(lines.slice(1).map((line) => shown.value.ids.findIndex((id) => line.includes(id)))).toEqual(
      shown.value.ids.map((_, i) => i),
    );
  });
});
