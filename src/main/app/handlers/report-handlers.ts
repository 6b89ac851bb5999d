import { type AppError, err, ok } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n/message.js';
import { officerError } from '../../../shared/i18n/officer-error.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import type { ReportRequest } from '../../../shared/reports/district-report.js';
import { footerTemplate } from '../../../shared/reports/report-footer.js';
import { footerText } from '../../../shared/reports/report-labels.js';
import { whyFileFailed } from '../../fs/file-failure.js';
import { retryingFs } from '../../fs/retry-fs.js';
import { writeExport } from '../../reports/export-file.js';
import { offered } from '../platform.js';
import type { CoreContext } from './core-context.js';

type ReportHandlers = Pick<Handlers, 'reports:district' | 'reports:savePdf' | 'exports:run' | 'exports:cancel'>;

/** At most this often an export tells the page how far it is (a page of rows takes a few ms). */
const PROGRESS_EVERY_MS = 150;

/** The system error a `FILE` export failure carries in its detail (`ENOSPC: …`), for the reason in words. */
function systemError(detail: string | undefined): Error {
  const [code = 'UNKNOWN', ...rest] = (detail ?? '').split(': ');
  return Object.assign(new Error(rest.join(': ') || code), { code });
}

/**
 * The district report and the exports, from the local store (offline like everything else): the
 * report's figures for the screen, the report on screen saved as a PDF, and a filtered list written to
 * .xlsx or CSV with progress and Cancel.
 */
export function reportHandlers(ctx: CoreContext): ReportHandlers {
  const { session, platform, translator, hub } = ctx;
  let running: AbortController | undefined;

  /** A failed save in the officer's words: what was not written and why. */
  const saveFailed = (path: string, error: unknown): AppError =>
    officerError('FILE', text('reports:app.saveFailed', { path, why: { text: whyFileFailed(error) } }), {
      detail: error instanceof Error ? error.message : String(error),
    });

  const report = (request: ReportRequest) => {
    const account = session.account();
    return account.ok ? ok(account.value.store.read.districtReport(request)) : account;
  };

  return {
    'reports:district': (request) => report(request),

    'reports:savePdf': async (request) => {
      const figures = report(request);
      if (!figures.ok) return figures;
      if (!platform.printPageToPdf) return err(officerError('BAD_REQUEST', text('reports:app.printHere')));
      const { t, format } = translator;
      const name = translator.t('reports:app.pdfName', { from: request.from, to: request.to });
      const path = await platform.chooseSaveFile(`${name}.pdf`, translator.t('reports:app.pdfType'));
      if (!path) return ok({ path: null, bytes: 0 });
      try {
        const pdf = await platform.printPageToPdf(footerTemplate(footerText(figures.value, t, format)));
        // Saved where the officer chose (often Documents or the Desktop, which OneDrive and the antivirus watch).
        await retryingFs.writeFileAtomic(path, Buffer.from(pdf));
        return ok({ path, bytes: pdf.byteLength, ...offered(platform, path) });
      } catch (error) {
        return err(saveFailed(path, error));
      }
    },

    'exports:run': async ({ entity, format, filter }) => {
      const account = session.account();
      if (!account.ok) return account;
      if (running) return err(officerError('BAD_REQUEST', text('reports:app.exportRunning')));
      const controller = new AbortController();
      running = controller;
      try {
        const sheet = translator.lookup(`reports:export.sheets.${entity}`) ?? entity;
        const stamp = new Date().toISOString().slice(0, 10);
        const type = translator.t(format === 'xlsx' ? 'reports:app.xlsxType' : 'reports:app.csvType');
        const out = await platform.chooseSaveFile(`${sheet} ${stamp}.${format}`, type);
        if (!out) return ok({ path: null, rows: 0, bytes: 0, ms: 0 });
        let last = 0;
        const written = await writeExport({
          reads: account.value.store.read,
          entity,
          format,
          filter,
          out,
          translator,
          signal: controller.signal,
          onProgress: (progress) => {
            const now = performance.now();
            if (now - last < PROGRESS_EVERY_MS && progress.done < progress.total) return;
            last = now;
            hub.emit({ kind: 'export:progress', progress });
          },
        });
        if (written.ok) {
          const { rows, bytes, ms } = written.value;
          return ok({ path: out, rows, bytes, ms, ...offered(platform, out) });
        }
        if (written.error.code === 'CANCELLED')
          return err(officerError('CANCELLED', text('reports:app.exportCancelled')));
        return err(written.error.code === 'FILE' ? saveFailed(out, systemError(written.error.detail)) : written.error);
      } finally {
        running = undefined;
      }
    },

    'exports:cancel': () => {
      if (!running) return ok(false);
      running.abort();
      return ok(true);
    },
  };
}
