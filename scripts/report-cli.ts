/**
 * `npm run report -- --db <store file> [--district <name>] --from <YYYY-MM-DD> --to <YYYY-MM-DD>
 *    --out report.pdf [--lang fr]`
 * The district report, headless: the figures from the store (the same SQL as the app), the same React
 * document and print stylesheet as the app's report screen, printed to an A4 PDF by Chromium (Debian's
 * /usr/bin/chromium, or CHROMIUM_PATH) with the office, area, period and page numbers in the footer.
 * Prints a JSON summary; bad input exits 2 with one line; the PDF appears only when it is complete.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { retryingFs } from '../src/main/fs/retry-fs.js';
import { fileError } from '../src/main/reports/file-error.js';
import { LocalStore } from '../src/main/store/index.js';
import { footerTemplate } from '../src/shared/reports/report-footer.js';
import { footerText } from '../src/shared/reports/report-labels.js';
import { logToStderr } from './cli-log.js';
import { cliTranslator } from './cli-translator.js';
import { reportArea, runCli, UsageError } from './report-cli-input.js';

logToStderr();
const words = cliTranslator();

/** The report page's script: the renderer's print entry bundled for the browser. */
async function pageScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '../src/renderer/app/report-print.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

async function main(): Promise<number> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      district: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
    },
  });
  if (!values.db || !values.from || !values.to || !values.out) throw new UsageError(words.t('reports:cli.reportUsage'));
  if (!existsSync(values.db)) throw new UsageError(words.t('reports:cli.noStore', { db: values.db }));
  const store = LocalStore.open({ path: values.db });
  let report: ReturnType<typeof store.read.districtReport>;
  try {
    const area = reportArea(store.read, words, values);
    report = store.read.districtReport({
      from: area.from as string,
      to: area.to as string,
      ...(area.districtId ? { districtId: area.districtId } : {}),
    });
  } finally {
    store.close();
  }
  const payload = JSON.stringify({ report, language: words.language, locale: words.format.locale }).replace(
    /</g,
    '\\u003c',
  );
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${report.office}</title></head>
<body><div id="report"></div><script>window.fieldsyncReport = ${payload};</script><script>${await pageScript()}</script></body></html>`;
  const temp = join(dirname(values.out), `.${basename(values.out)}.${randomBytes(4).toString('hex')}.part`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.waitForSelector('[data-report-ready]');
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(footerText(report, words.t, words.format)),
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
    });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(temp, pdf, { flag: 'wx' });
    await retryingFs.rename(temp, values.out);
  } catch (error) {
    await retryingFs.rm(temp, { force: true }).catch(() => undefined);
    const failure = fileError(error, values.out);
    if (!failure) throw error;
    process.stderr.write(`${failure.text ? words.say(failure.text) : failure.message}\n`);
    return 1;
  } finally {
    await browser.close();
  }
  const bytes = (await stat(values.out)).size;
  process.stdout.write(
    `${JSON.stringify({
      out: values.out,
      bytes,
      ms: Math.round(performance.now() - started),
      area: report.area,
      from: report.from,
      to: report.to,
      visits: report.totals.visits,
      schools: report.totals.schools,
      schoolsVisited: report.totals.schoolsVisited,
    })}\n`,
  );
  return 0;
}

runCli(main);
