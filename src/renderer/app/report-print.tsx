import { createRoot } from 'react-dom/client';
import { matchLanguage } from '../../shared/i18n/languages.js';
import { createTranslator } from '../../shared/i18n/translator.js';
import type { DistrictReport } from '../../shared/reports/district-report.js';
import { DistrictReportDocument } from '../features/reports/district-report-document.js';

/**
 * The page `npm run report` prints: the district report document alone, from the report and language the
 * tool puts in `window.fieldsyncReport`, in the same markup and stylesheet as the app's report screen.
 */
declare global {
  interface Window {
    fieldsyncReport?: { report: DistrictReport; language: string; locale: string | null };
  }
}

const input = window.fieldsyncReport;
const root = document.getElementById('report');
if (input && root) {
  const words = createTranslator(matchLanguage(input.language), { systemLocale: input.locale });
  document.documentElement.lang = words.format.locale;
  createRoot(root).render(<DistrictReportDocument report={input.report} words={words} />);
}
