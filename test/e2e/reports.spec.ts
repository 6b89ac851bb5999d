import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const WHOLE = { from: '2000-01-01', to: '2099-12-31' };

test.describe('reports', () => {
  test('the district report of a period and area, printed to PDF with nothing of the window on paper', async ({
    page,
    harness,
  }) => {
    test.skip(!hasPdftotext, 'pdftotext (poppler-utils) is not installed: .ci/run installs it');
    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/reports'));
    const screen = page.getByTestId('reports-screen');
    await screen.getByTestId('report-from').fill(WHOLE.from);
    await screen.getByTestId('report-to').fill(WHOLE.to);
    const figures = await harness.core.handlers['reports:district'](WHOLE);
    if (!figures.ok) throw new Error(figures.error.message);
    const view = screen.getByTestId('report-view');
    await expect(view.getByRole('heading', { level: 1 })).toHaveText('District report · All districts');
    await expect(view).toContainText(`Visits made${figures.value.totals.visits}`);

    // A district: the report follows the choice.
    const hierarchy = await harness.core.handlers['graph:hierarchy'](undefined);
    const district = hierarchy.ok ? hierarchy.value.nodes.find((n) => n.entity === 'district') : undefined;
    if (!district) throw new Error('the tiny seed has a district');
    await screen.getByTestId('report-area').selectOption(`district:${district.id}`);
    await expect(view.getByRole('heading', { level: 1 })).toHaveText(`District report · ${district.name}`);
    const one = await harness.core.handlers['reports:district']({ ...WHOLE, districtId: district.id });
    if (!one.ok) throw new Error(one.error.message);
    await expect(view).toContainText(`Schools${one.value.totals.schools}`);

    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await app.screenshot(`reports-${width}x${height}`);
    }

    // What "Print…" puts on paper: the report alone (the print stylesheet), as page.pdf() prints it.
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-report-pdf-'));
    try {
      const pdfPath = join(dir, 'report.pdf');
      writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
      const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain(`District report · ${district.name}`);
      // A row of the coverage table, as printed: school, district, EMIS code, visits made.
      const row = one.value.coverage[0];
      if (!row) throw new Error('the district has schools');
      expect(text).toContain(`${row.school} ${row.district} ${row.emisCode} ${row.visits}`);
      expect(text).not.toContain('Export a list');
      expect(text).not.toContain('Import photos');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a list of the period exports to CSV with its row count said, and a bad period is refused', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/reports'));
    const screen = page.getByTestId('reports-screen');
    await screen.getByTestId('report-from').fill(WHOLE.from);
    await screen.getByTestId('report-to').fill(WHOLE.to);
    await screen.getByTestId('export-entity').selectOption('schools');
    await screen.getByTestId('export-format').getByText('CSV (.csv)').click();
    const downloading = page.waitForEvent('download');
    await screen.getByTestId('export-run').click();
    const download = await downloading;
    const path = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(path);
    const said = screen.getByTestId('export-result');
    await expect(said).toHaveText(/^\d+ rows? exported \(.+\); your browser is downloading the file$/);
    const rows = Number(/^(\d+)/.exec((await said.textContent()) ?? '')?.[1]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(path, 'utf8');
    expect(csv.startsWith('\uFEFFRegion,District,School,')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(rows + 1);
    const hierarchy = await harness.core.handlers['graph:hierarchy'](undefined);
    const schools = hierarchy.ok
      ? hierarchy.value.nodes.filter((n) => n.entity === 'district').reduce((s, d) => s + d.counts.schools, 0)
      : -1;
    expect(rows).toBe(schools);

    await screen.getByTestId('report-from').fill('2030-01-01');
    await screen.getByTestId('report-to').fill('2029-12-31');
    await expect(screen.getByText('The first day comes after the last.')).toBeVisible();
    await expect(screen.getByTestId('export-run')).toBeDisabled();
    await expect(screen.getByTestId('report-print')).toBeDisabled();
  });
});
