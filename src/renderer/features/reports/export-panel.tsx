import {
  Button,
  Caption1,
  Field,
  makeStyles,
  ProgressBar,
  Radio,
  RadioGroup,
  Select,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { ExportFilterArgs } from '../../../shared/ipc/schemas/reports.js';
import { EXPORT_ENTITIES, type ExportEntity, type ExportFormat } from '../../../shared/reports/export-request.js';
import { useApi } from '../../api/api-context.js';
import { useAppEvent } from '../../api/use-app-event.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { officerMessage } from '../../components/officer-message.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '12px' },
  progress: { display: 'flex', alignItems: 'center', gap: '12px', maxWidth: '520px' },
  bar: { flex: '1 1 auto' },
});

type Progress = { readonly done: number; readonly total: number };

/**
 * Exports one list (visits, schools, teachers, assessments, answers) of the report's area and period to
 * Excel or CSV: where to save is asked first, then rows stream to the file with progress and Cancel.
 */
export function ExportPanel({ filter, disabled }: { readonly filter: ExportFilterArgs; readonly disabled: boolean }) {
  const styles = useStyles();
  const api = useApi();
  const w = useT();
  const { t, format: show } = w;
  const [entity, setEntity] = useState<ExportEntity>('visits');
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [progress, setProgress] = useState<Progress>();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<string>();
  const [error, setError] = useState<AppError>();
  useAppEvent('export:progress', (event) => setProgress(event.progress));

  const run = async () => {
    setRunning(true);
    setOutcome(undefined);
    setError(undefined);
    setProgress(undefined);
    const result = await api.exports.run({ entity, format, filter });
    setRunning(false);
    if (!result.ok) {
      if (result.error.code === 'CANCELLED') setOutcome(officerMessage(w, result.error));
      else setError(result.error);
      return;
    }
    const { path, rows, bytes } = result.value;
    setOutcome(
      path
        ? t('reports:screen.exported', { count: rows, path, size: show.fileSize(bytes) })
        : t('reports:screen.notSaved'),
    );
  };

  return (
    <div className={styles.root} data-testid="export-panel">
      <div className={styles.row}>
        <Field label={t('reports:screen.list')}>
          <Select
            value={entity}
            onChange={(_, d) => setEntity(d.value as ExportEntity)}
            disabled={running}
            data-testid="export-entity"
          >
            {EXPORT_ENTITIES.map((e) => (
              <option key={e} value={e}>
                {t(`reports:export.sheets.${e}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('reports:screen.format')}>
          <RadioGroup
            layout="horizontal"
            value={format}
            onChange={(_, d) => setFormat(d.value as ExportFormat)}
            disabled={running}
            data-testid="export-format"
          >
            <Radio value="xlsx" label={t('reports:screen.xlsx')} />
            <Radio value="csv" label={t('reports:screen.csv')} />
          </RadioGroup>
        </Field>
        <Button icon={<ArrowDownloadRegular />} onClick={run} disabled={disabled || running} data-testid="export-run">
          {t('reports:screen.export')}
        </Button>
      </div>
      {running ? (
        <div className={styles.progress}>
          <ProgressBar
            className={styles.bar}
            value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
            aria-label={t('reports:screen.exportTitle')}
          />
          <Caption1 data-testid="export-progress">
            {progress
              ? t('reports:screen.exporting', { done: show.number(progress.done), total: show.number(progress.total) })
              : t('reports:screen.exportStarting')}
          </Caption1>
          <Button size="small" onClick={() => void api.exports.cancel()} data-testid="export-cancel">
            {t('reports:screen.cancel')}
          </Button>
        </div>
      ) : null}
      {outcome ? <Caption1 data-testid="export-result">{outcome}</Caption1> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
