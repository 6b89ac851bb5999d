/**
 * The report's stylesheet, screen and print: an A4 page with 16 mm margins (the page footer with the
 * office, area, period and page numbers is the PDF printer's footer template, `report-footer.ts`),
 * sections that keep their heading with their first lines, charts and short tables kept on one page.
 */
export const REPORT_STYLES = `
.district-report { font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt;
  color: #1b1b1b; max-width: 180mm; margin: 0 auto; line-height: 1.35; }
.district-report h1 { font-size: 17pt; margin: 2pt 0; }
.district-report h2 { font-size: 13pt; margin: 14pt 0 5pt; border-bottom: 1px solid #d1d1d1; padding-bottom: 2pt;
  break-after: avoid; }
.district-report h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
.report-office { font-size: 10pt; color: #424242; margin: 0; text-transform: uppercase; letter-spacing: 0.04em; }
.report-period { margin: 0; color: #424242; }
.report-empty { font-weight: 600; padding: 6pt 8pt; background: #fff4ce; border-inline-start: 3pt solid #c19c00; }
.report-figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6pt 12pt; margin: 0; }
.report-figure { border: 1px solid #e0e0e0; border-radius: 4px; padding: 4pt 6pt; break-inside: avoid; }
.report-figure dt { font-size: 8.5pt; color: #424242; }
.report-figure dd { margin: 0; font-size: 14pt; font-weight: 600; }
.report-chart { margin: 4pt 0; break-inside: avoid; }
.report-legend { display: flex; flex-wrap: wrap; justify-content: center; gap: 2pt 12pt; list-style: none;
  margin: 2pt 0 0; padding: 0; font-size: 9pt; }
.report-swatch { display: inline-block; width: 9pt; height: 9pt; margin-inline-end: 4pt; vertical-align: -1pt; }
.report-table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9pt; }
.report-table th, .report-table td { border-bottom: 1px solid #e0e0e0; padding: 2pt 4pt; text-align: start;
  vertical-align: top; }
.report-table th { background: #f5f5f5; font-weight: 600; }
.report-table thead { display: table-header-group; }
.report-table tr { break-inside: avoid; }
.report-table .num { text-align: end; font-variant-numeric: tabular-nums; }
.report-table tr.flagged td { background: #fdf3f4; }
.report-keep { break-inside: auto; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  .district-report { max-width: none; }
  .report-no-print { display: none !important; }
}
`;

let adopted = false;

/**
 * Puts the report's stylesheet on the page once, as a constructed stylesheet: the app's CSP refuses a
 * `<style>` element with text in it (an injection could use one), while a sheet built through the CSSOM
 * is the page's own code, as Fluent UI's styles are. The same call serves the app and `npm run report`.
 */
export function adoptReportStyles(doc: Document = document): void {
  if (adopted) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(REPORT_STYLES);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  adopted = true;
}
