import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { Formatters } from '../../../shared/i18n/formatters.js';
import type { Lookup, Translate } from '../../../shared/i18n/translator.js';
import { BANDS, type DistrictReport } from '../../../shared/reports/district-report.js';
import { areaLabel, periodLabel, questionLabel } from '../../../shared/reports/report-labels.js';
import { adoptReportStyles } from './report-styles.js';

export interface ReportWords {
  readonly t: Translate;
  readonly format: Formatters;
  /** Enumeration values (review status, benchmark band) in the officer's words. */
  readonly lookup: Lookup;
}

/** Width of a chart on an A4 page between the margins (CSS px at 96 dpi). */
const CHART_WIDTH = 680;
const COLOURS = ['#b4009e', '#ca5010', '#0f6cbd', '#107c10'];

/**
 * The district report as a document: the same markup on screen, in the app's "Save as PDF" and in
 * `npm run report`, with an A4 print stylesheet. Charts are Recharts SVG (no animation, fixed width, so a
 * print captures the final drawing) and each has its table beside it, which screen readers and the PDF's
 * text both read.
 */
export function DistrictReportDocument({ report, words }: { report: DistrictReport; words: ReportWords }) {
  adoptReportStyles();
  const { t, format, lookup } = words;
  const value = (entity: string, field: string, v: string) => lookup(`entities:${entity}.values.${field}.${v}`) ?? v;
  /** A yes/no answer in the officer's words; a choice is the form's own wording (data). */
  const answerValue = (type: string, v: string) =>
    type === 'yes_no' && (v === 'yes' || v === 'no') ? t(`reports:export.${v}`) : v;
  const month = (m: string) =>
    new Intl.DateTimeFormat(format.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${m}-01T00:00:00Z`),
    );
  const area = areaLabel(report, t);
  const period = periodLabel(report, t, format);
  const n = (x: number) => format.number(x);
  const visitedShare = report.totals.schools ? report.totals.schoolsVisited / report.totals.schools : 0;
  const monthData = report.months.map((m) => ({ name: month(m.month), visits: m.visits, schools: m.schools }));
  const reviewData = report.review.map((r) => ({
    name: value('schoolVisit', 'reviewStatus', r.status),
    visits: r.visits,
  }));
  const grades = [...new Set(report.assessments.map((a) => a.grade))];
  const bandData = grades.map((grade) => {
    const row: Record<string, string | number> = { name: t('reports:document.grade', { grade }) };
    for (const band of BANDS)
      row[band] = report.assessments.filter((a) => a.grade === grade).reduce((s, a) => s + a.bands[band], 0);
    return row;
  });

  return (
    <article className="district-report" data-report-ready="true">
      <header className="report-head">
        <p className="report-office">{report.office}</p>
        <h1>
          {t('reports:document.title')} · {area}
        </h1>
        <p className="report-period">{period}</p>
      </header>

      <section>
        <h2>{t('reports:document.summary')}</h2>
        {report.totals.visits === 0 ? <p className="report-empty">{t('reports:document.empty')}</p> : null}
        <dl className="report-figures">
          <Figure label={t('reports:document.schools')} value={n(report.totals.schools)} />
          <Figure
            label={t('reports:document.schoolsVisited')}
            value={`${n(report.totals.schoolsVisited)} (${format.percent(visitedShare)})`}
          />
          <Figure label={t('reports:document.visits')} value={n(report.totals.visits)} />
          <Figure label={t('reports:document.planned')} value={n(report.totals.planned)} />
          <Figure label={t('reports:document.cancelled')} value={n(report.totals.cancelled)} />
          <Figure label={t('reports:document.lessons')} value={n(report.totals.lessonsObserved)} />
          <Figure label={t('reports:document.pupils')} value={n(report.totals.pupilsAssessed)} />
          <Figure label={t('reports:document.photos')} value={n(report.totals.photos)} />
        </dl>
      </section>

      <section className="report-keep">
        <h2>{t('reports:document.coverageByMonth')}</h2>
        <Chart
          title={t('reports:document.coverageByMonth')}
          words={words}
          show={monthData.length > 0}
          legend={[
            { name: t('reports:document.visits'), colour: COLOURS[2] },
            { name: t('reports:document.schoolsVisited'), colour: COLOURS[3] },
          ]}
        >
          <BarChart width={CHART_WIDTH} height={200} data={monthData}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" fontSize={11} />
            <YAxis fontSize={11} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="visits" name={t('reports:document.visits')} fill={COLOURS[2]} isAnimationActive={false} />
            <Bar
              dataKey="schools"
              name={t('reports:document.schoolsVisited')}
              fill={COLOURS[3]}
              isAnimationActive={false}
            />
          </BarChart>
        </Chart>
        <Table
          head={[t('reports:document.month'), t('reports:document.visits'), t('reports:document.schoolsVisited')]}
          rows={report.months.map((m) => [month(m.month), n(m.visits), n(m.schools)])}
          numeric={[1, 2]}
        />
      </section>

      <section className="report-keep">
        <h2>{t('reports:document.reviewTitle')}</h2>
        <Chart title={t('reports:document.reviewTitle')} words={words} show={report.totals.visits > 0}>
          <BarChart width={CHART_WIDTH} height={140} data={reviewData} layout="vertical">
            <XAxis type="number" fontSize={11} allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={140} fontSize={11} />
            <Bar dataKey="visits" name={t('reports:document.visits')} fill={COLOURS[2]} isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Table
          head={[t('reports:document.status'), t('reports:document.visits')]}
          rows={reviewData.map((r) => [r.name, n(r.visits)])}
          numeric={[1]}
        />
      </section>

      <section>
        <h2>{t('reports:document.flaggedTitle')}</h2>
        {report.flagged.length === 0 ? (
          <p>{t('reports:document.noFlagged')}</p>
        ) : (
          <Table
            head={[
              t('reports:document.date'),
              t('reports:document.school'),
              t('reports:document.monitor'),
              t('reports:document.comment'),
            ]}
            rows={report.flagged.map((f) => [format.date(f.visitDate), f.school, f.monitor, f.comment ?? ''])}
          />
        )}
      </section>

      <section>
        <h2>{t('reports:document.followUpsTitle')}</h2>
        {report.followUps.length === 0 ? (
          <p>{t('reports:document.noFollowUps')}</p>
        ) : (
          <Table
            head={[
              t('reports:document.dueDate'),
              t('reports:document.school'),
              t('reports:document.visitDate'),
              t('reports:document.followUpNote'),
            ]}
            rows={report.followUps.map((f) => [
              format.date(f.dueDate),
              f.school,
              format.date(f.visitDate),
              f.note ?? '',
            ])}
          />
        )}
      </section>

      <section className="report-keep">
        <h2>{t('reports:document.assessmentsTitle')}</h2>
        <Chart
          title={t('reports:document.assessmentsTitle')}
          words={words}
          show={bandData.length > 0}
          legend={BANDS.map((band, i) => ({
            name: value('assessmentResult', 'benchmarkBand', band),
            colour: COLOURS[i],
          }))}
        >
          <BarChart width={CHART_WIDTH} height={220} data={bandData}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" fontSize={11} />
            <YAxis fontSize={11} allowDecimals={false} />
            {BANDS.map((band, i) => (
              <Bar
                key={band}
                dataKey={band}
                stackId="bands"
                name={value('assessmentResult', 'benchmarkBand', band)}
                fill={COLOURS[i]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </Chart>
        <Table
          head={[
            t('reports:document.gradeHeader'),
            t('reports:document.language'),
            t('reports:document.pupils'),
            t('reports:document.meanScore'),
            ...BANDS.map((band) => value('assessmentResult', 'benchmarkBand', band)),
          ]}
          rows={report.assessments.map((a) => [
            n(a.grade),
            a.language,
            n(a.pupils),
            a.meanScore === null ? '–' : format.number(a.meanScore, { maxFractionDigits: 1 }),
            ...BANDS.map((band) => n(a.bands[band])),
          ])}
          numeric={[0, 2, 3, 4, 5, 6, 7]}
        />
        {report.sections.length > 0 ? (
          <>
            <h3>{t('reports:document.sectionsTitle')}</h3>
            <Table
              head={[
                t('reports:document.gradeHeader'),
                t('reports:document.section'),
                t('reports:document.meanCorrect'),
              ]}
              rows={report.sections.map((s) => [
                n(s.grade),
                s.section.replace(/_/g, ' '),
                format.number(s.meanCorrect, { maxFractionDigits: 1 }),
              ])}
              numeric={[0, 2]}
            />
          </>
        ) : null}
      </section>

      <section>
        <h2>{t('reports:document.questionsTitle')}</h2>
        <Table
          head={[t('reports:document.question'), t('reports:document.answers'), t('reports:document.answerSummary')]}
          rows={report.questions.map((q) => [
            questionLabel(q, t),
            n(q.answers),
            q.mean !== null
              ? t('reports:document.mean', { value: format.number(q.mean, { maxFractionDigits: 1 }) })
              : q.values
                  .map((v) => `${answerValue(q.type, v.value)} ${format.percent(v.answers / q.answers)}`)
                  .join(' · '),
          ])}
          numeric={[1]}
        />
      </section>

      <section>
        <h2>{t('reports:document.photosTitle')}</h2>
        <dl className="report-figures">
          <Figure label={t('reports:document.photos')} value={n(report.photos.total)} />
          <Figure label={t('reports:document.visitsWithPhotos')} value={n(report.photos.visitsWithPhotos)} />
          <Figure
            label={t('reports:document.photosPerVisit')}
            value={format.number(report.totals.visits ? report.photos.total / report.totals.visits : 0, {
              maxFractionDigits: 2,
            })}
          />
          <Figure label={t('reports:document.maxPerVisit')} value={n(report.photos.maxPerVisit)} />
        </dl>
      </section>

      <section>
        <h2>{t('reports:document.coverageTitle')}</h2>
        <Table
          head={[
            t('reports:document.school'),
            t('reports:document.district'),
            t('reports:document.emisCode'),
            t('reports:document.visits'),
            t('reports:document.lastVisit'),
          ]}
          rows={report.coverage.map((s) => [
            s.school,
            s.district,
            s.emisCode,
            n(s.visits),
            s.lastVisit ? format.date(s.lastVisit) : t('reports:document.notVisited'),
          ])}
          numeric={[3]}
          flag={(row) => report.coverage[row]?.visits === 0}
        />
      </section>
    </article>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="report-figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A chart drawn for the eye; its table (given beside it) is what assistive technology reads. */
/**
 * A chart with its legend under it as plain HTML: Recharts' own legend is placed from a measure taken
 * on screen, and in a print it landed on the axis labels or the grid (French and Portuguese month names).
 */
function Chart({
  title,
  words,
  show,
  legend = [],
  children,
}: {
  title: string;
  words: ReportWords;
  show: boolean;
  legend?: { name: string; colour: string | undefined }[];
  children: ReactNode;
}) {
  if (!show) return null;
  return (
    <figure className="report-chart" role="img" aria-label={words.t('reports:document.chartOf', { title })}>
      <div aria-hidden="true">
        {children}
        {legend.length > 0 ? (
          <ul className="report-legend">
            {legend.map((item) => (
              <li key={item.name}>
                <span className="report-swatch" style={{ background: item.colour }} />
                {item.name}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </figure>
  );
}

function Table({
  head,
  rows,
  numeric = [],
  flag,
}: {
  head: string[];
  rows: string[][];
  numeric?: number[];
  flag?: (row: number) => boolean;
}) {
  return (
    <table className="report-table">
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} className={numeric.includes(i) ? 'num' : undefined} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          // Rows are positional: the report is read once and never reordered.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tr key={r} className={flag?.(r) ? 'flagged' : undefined}>
            {row.map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed column order
              <td key={i} className={numeric.includes(i) ? 'num' : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
