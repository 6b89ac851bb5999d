import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import { periodLabel, questionLabel } from '../../src/shared/reports/report-labels.js';
import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const WHOLE = { from: '2000-01-01', to: '2099-12-31' };
/** Spaces as text extraction and the DOM give them (French puts a narrow no-break space before %). */
const flat = (text: string) => text.replace(/\s+/g, ' ');

test.setTimeout(180_000);

/**
 * The district report in French and Portuguese (issue 17: every label, number and date follows the
 * app's language): the screen at 1280×720 and 1366×768 and the printed PDF say the catalogs' words,
 * with numbers, percentages and dates formatted for the language. The expected words come from the
 * catalogs and the figures from the core, so a label left in English or an ISO date fails.
 */
for (const language of ['fr', 'pt'] as const) {
  test(`the district report in ${language}: catalog words and ${language} formats on screen and in the PDF`, async ({
    page,
    harness,
  }) => {
    test.skip(!hasPdftotext, 'pdftotext (poppler-utils) is not installed: .ci/run installs it');
    const { t, format } = createTranslator(language);
    const english = createTranslator('en');
    expect((await harness.core.handlers['settings:set']({ language })).ok).toBe(true);
    const figures = await harness.core.handlers['reports:district'](WHOLE);
    if (!figures.ok) throw new Error(figures.error.message);
    const report = figures.value;

    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/reports'));
    const screen = page.getByTestId('reports-screen');
    await screen.getByTestId('report-from').fill(WHOLE.from);
    await screen.getByTestId('report-to').fill(WHOLE.to);
    const view = screen.getByTestId('report-view');
    await expect(view.getByRole('heading', { level: 1 })).toHaveText(
      `${t('reports:document.title')} · ${t('reports:document.wholeScope')}`,
    );

    // What the officer must read in their language: headings, a figure with its percentage, a mean, a
    // yes/no answer's words, a date, and none of the English labels.
    const yesNo = report.questions.find((q) => q.type === 'yes_no' && q.values.length > 1);
    const numeric = report.questions.find((q) => q.mean !== null);
    const visited = report.coverage.find((s) => s.lastVisit !== null);
    if (!yesNo || !numeric?.mean || !visited?.lastVisit)
      throw new Error('the tiny seed answers every kind of question');
    const expected = [
      t('reports:document.summary'),
      t('reports:document.questionsTitle'),
      periodLabel(report, t, format),
      `${format.number(report.totals.schoolsVisited)} (${format.percent(report.totals.schoolsVisited / report.totals.schools)})`,
      `${questionLabel(numeric, t)} ${format.number(numeric.answers)} ${t('reports:document.mean', {
        value: format.number(numeric.mean, { maxFractionDigits: 1 }),
      })}`,
      yesNo.values
        .map((v) => `${t(`reports:export.${v.value as 'yes' | 'no'}`)} ${format.percent(v.answers / yesNo.answers)}`)
        .join(' · '),
      `${visited.emisCode} ${format.number(visited.visits)} ${format.date(visited.lastVisit)}`,
    ].map(flat);
    const english_ = [english.t('reports:document.summary'), english.t('reports:document.questionsTitle')];
    await expect(view).toContainText(flat(t('reports:document.summary')));
    const shown = flat((await view.evaluate((el) => (el as { innerText: string }).innerText)) ?? '');
    for (const text of expected) expect(shown, `${language} screen`).toContain(text);
    for (const text of english_) expect(shown).not.toContain(text);
    expect(shown).not.toContain(visited.lastVisit);

    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await app.screenshot(`reports-${language}-${width}x${height}`);
    }

    // The printed report (the print stylesheet, as page.pdf() prints it): the same words and formats.
    const dir = mkdtempSync(join(tmpdir(), 'fieldsync-report-pdf-'));
    try {
      const pdfPath = join(dir, 'report.pdf');
      writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
      // Pages to look at (A4 at 70 dpi).
      execFileSync('pdftoppm', ['-png', '-r', '70', pdfPath, join('test-results/screens', `reports-${language}-pdf`)]);
      const text = flat(execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }));
      expect(text).toContain(flat(`${t('reports:document.title')} · ${t('reports:document.wholeScope')}`));
      for (const line of [expected[0], expected[1], expected[2], expected[5]]) expect(text).toContain(line);
      expect(text).toContain(flat(format.date(visited.lastVisit)));
      expect(text).not.toContain(t('reports:screen.exportTitle'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
