import type { Formatters } from '../i18n/formatters.js';
import type { Translate } from '../i18n/translator.js';
import type { DistrictReport } from './district-report.js';
import { PAGE_MARKER, PAGES_MARKER } from './report-footer.js';

/** The report's area as the officer says it: a district's name, "Region Coast", or "All districts". */
export function areaLabel(report: Pick<DistrictReport, 'area'>, t: Translate): string {
  if (report.area.kind === 'all') return t('reports:document.wholeScope');
  if (report.area.kind === 'region') return t('reports:document.regionArea', { name: report.area.name });
  return report.area.name;
}

/** "1 Mar 2026 to 30 Apr 2026" in the officer's language. */
export function periodLabel(report: Pick<DistrictReport, 'from' | 'to'>, t: Translate, format: Formatters): string {
  return t('reports:document.period', { from: format.date(report.from), to: format.date(report.to) });
}

/** The printed footer's text, with the page markers `footerTemplate` turns into page numbers. */
export function footerText(report: DistrictReport, t: Translate, format: Formatters): string {
  return t('reports:document.footer', {
    office: report.office,
    area: areaLabel(report, t),
    period: periodLabel(report, t, format),
    page: PAGE_MARKER,
    pages: PAGES_MARKER,
  });
}

/**
 * A monitoring question as the officer reads it: the form's wording, else "Question 4" (its place in the
 * form), else "Unnamed question"; never the answers' key (`head_teacher_present` means nothing on paper).
 */
export function questionLabel(question: { label: string | null; position: number | null }, t: Translate): string {
  if (question.label?.trim()) return question.label;
  return question.position === null
    ? t('reports:document.unnamedQuestion')
    : t('reports:document.questionNumber', { n: question.position });
}
