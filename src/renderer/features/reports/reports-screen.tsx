import {
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  Select,
  Spinner,
  Subtitle2,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { DocumentPdfRegular, PrintRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/errors.js';
import { lookupWith } from '../../../shared/i18n/translator.js';
import { useApi } from '../../api/api-context.js';
import { useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { DistrictReportDocument, type ReportWords } from './district-report-document.js';
import { ExportPanel } from './export-panel.js';
import { areaRequest, isValidPeriod, lastMonth, type ReportPeriod, thisMonth, thisYear } from './report-period.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 },
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: '12px',
    padding: '12px 20px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  quick: { display: 'flex', gap: '4px' },
  actions: { display: 'flex', gap: '8px', marginInlineStart: 'auto' },
  scroll: {
    flex: '1 1 auto',
    overflowY: 'auto',
    padding: '16px 20px',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
  },
  card: {
    padding: '12px 16px',
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
  },
  paper: { backgroundColor: tokens.colorNeutralBackground1, padding: '24px', boxShadow: tokens.shadow4 },
  dateInput: { width: '11em' },
  areaSelect: { minWidth: '14em' },
});

/**
 * The district report of a period and area, drawn from the local store (offline too), printable and
 * saved as PDF, with the exports of the same area and period below the choices.
 */
export function ReportsScreen() {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const { i18n } = useTranslation();
  const [period, setPeriod] = useState<ReportPeriod>(() => lastMonth(new Date()));
  const [area, setArea] = useState('all');
  const [saved, setSaved] = useState<string>();
  const [saveError, setSaveError] = useState<AppError>();
  const info = useResult(() => api.app.info(), []);
  const hierarchy = useResult(() => api.graph.hierarchy(), []);
  const valid = isValidPeriod(period);
  const request = useMemo(() => ({ ...areaRequest(area), from: period.from, to: period.to }), [area, period]);
  const report = useResult(valid ? () => api.reports.district(request) : null, [request, valid]);
  useReloadOnDataChange(['schoolVisit', 'school', 'photo'], report.reload);
  // A period that is not one shows no report (not the last good one, which the officer would take for it).
  const shown = valid ? report.data : undefined;
  const words: ReportWords = useMemo(() => ({ t, format, lookup: lookupWith(i18n) }), [t, format, i18n]);

  const regions = hierarchy.data?.nodes.filter((n) => n.entity === 'region') ?? [];
  const districts = hierarchy.data?.nodes.filter((n) => n.entity === 'district') ?? [];
  const canSavePdf = info.data?.transport === 'electron';

  const savePdf = async () => {
    setSaved(undefined);
    setSaveError(undefined);
    const result = await api.reports.savePdf(request);
    if (!result.ok) return setSaveError(result.error);
    setSaved(
      result.value.path
        ? t('reports:screen.saved', { path: result.value.path, size: format.fileSize(result.value.bytes) })
        : t('reports:screen.notSaved'),
    );
  };

  return (
    <div className={styles.root} data-testid="reports-screen">
      <div className={styles.toolbar}>
        <Title3 as="h1">{t('reports:screen.title')}</Title3>
        <Field label={t('reports:screen.from')}>
          <Input
            type="date"
            // The browser's date field and picker follow the app's language, not the browser's.
            lang={format.locale}
            className={styles.dateInput}
            value={period.from}
            onChange={(_, d) => setPeriod((p) => ({ ...p, from: d.value }))}
            data-testid="report-from"
          />
        </Field>
        <Field
          label={t('reports:screen.to')}
          validationState={valid ? 'none' : 'error'}
          validationMessage={valid ? undefined : t('reports:screen.badPeriod')}
        >
          <Input
            type="date"
            lang={format.locale}
            className={styles.dateInput}
            value={period.to}
            onChange={(_, d) => setPeriod((p) => ({ ...p, to: d.value }))}
            data-testid="report-to"
          />
        </Field>
        <div className={styles.quick}>
          <Button size="small" onClick={() => setPeriod(lastMonth(new Date()))} data-testid="period-last-month">
            {t('reports:screen.lastMonth')}
          </Button>
          <Button size="small" onClick={() => setPeriod(thisMonth(new Date()))}>
            {t('reports:screen.thisMonth')}
          </Button>
          <Button size="small" onClick={() => setPeriod(thisYear(new Date()))} data-testid="period-this-year">
            {t('reports:screen.thisYear')}
          </Button>
        </div>
        <Field label={t('reports:screen.area')}>
          <Select
            className={styles.areaSelect}
            value={area}
            onChange={(_, d) => setArea(d.value)}
            data-testid="report-area"
          >
            <option value="all">{t('reports:document.wholeScope')}</option>
            {regions.map((r) => (
              <option key={r.id} value={`region:${r.id}`}>
                {t('reports:document.regionArea', { name: r.name })}
              </option>
            ))}
            {districts.map((d) => (
              <option key={d.id} value={`district:${d.id}`}>
                {d.name}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.actions}>
          <Button icon={<PrintRegular />} onClick={() => window.print()} disabled={!shown} data-testid="report-print">
            {t('reports:screen.print')}
          </Button>
          {canSavePdf ? (
            <Button
              appearance="primary"
              icon={<DocumentPdfRegular />}
              onClick={savePdf}
              disabled={!shown}
              data-testid="report-save-pdf"
            >
              {t('reports:screen.savePdf')}
            </Button>
          ) : null}
        </div>
      </div>
      <div className={styles.scroll}>
        {saved ? <Caption1 data-testid="report-saved">{saved}</Caption1> : null}
        {saveError ? <ErrorNotice error={saveError} /> : null}
        <section className={styles.card} aria-labelledby="export-title">
          <Subtitle2 as="h2" id="export-title" block>
            {t('reports:screen.exportTitle')}
          </Subtitle2>
          <Caption1 block>{t('reports:screen.exportDescription')}</Caption1>
          <ExportPanel filter={request} disabled={!valid} />
        </section>
        {report.error ? <ErrorNotice error={report.error} /> : null}
        {!shown && valid && !report.error ? <Spinner label={t('reports:screen.loading')} /> : null}
        {shown ? (
          <div className={styles.paper} data-testid="report-view">
            <DistrictReportDocument report={shown} words={words} />
          </div>
        ) : null}
      </div>
      {shown
        ? createPortal(
            <div className="report-print-copy" aria-hidden="true">
              <DistrictReportDocument report={shown} words={words} />
            </div>,
            document.body,
          )
        : null}
    </div>
  );
}
