/**
 * The printed report's page footer: office, area, period and "page N of M", as the PDF printers take it
 * (Chromium's `page.pdf()` and Electron's `webContents.printToPDF`, whose footer templates fill the
 * `pageNumber` and `totalPages` spans). `text` is the catalog message `reports:document.footer` said
 * with `{page}` and `{pages}` left as the markers below.
 */
export const PAGE_MARKER = '\u0001page\u0001';
export const PAGES_MARKER = '\u0001pages\u0001';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

export function footerTemplate(text: string): string {
  const html = escapeHtml(text)
    .replace(escapeHtml(PAGE_MARKER), '<span class="pageNumber"></span>')
    .replace(escapeHtml(PAGES_MARKER), '<span class="totalPages"></span>');
  return `<div style="font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif; font-size: 8px; color: #616161; width: 100%; padding: 0 14mm; text-align: center;">${html}</div>`;
}
