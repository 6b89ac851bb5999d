import { Button, Field, makeStyles, Radio, RadioGroup, Select } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ExportFilterArgs } from '../../../shared/ipc/schemas/reports.js';
import { EXPORT_ENTITIES, type ExportEntity, type ExportFormat } from '../../../shared/reports/export-request.js';
import { ExportRunStatus, useExportRun } from '../../components/export-run.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '12px' },
});

/**
 * Exports one list (visits, schools, teachers, assessments, answers) of the report's area and period to
 * Excel or CSV: where to save is asked first, then rows stream to the file with progress and Cancel.
 */
export function ExportPanel({ filter, disabled }: { readonly filter: ExportFilterArgs; readonly disabled: boolean }) {
  const styles = useStyles();
  const { t } = useT();
  const [entity, setEntity] = useState<ExportEntity>('visits');
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const exportRun = useExportRun();
  const { running } = exportRun;
  const run = () => exportRun.start({ entity, format, filter });

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
        <Button
          icon={<ArrowDownloadRegular />}
          onClick={() => void run()}
          disabled={disabled || running}
          data-testid="export-run"
        >
          {t('reports:screen.export')}
        </Button>
      </div>
      <ExportRunStatus run={exportRun} label={t('reports:screen.exportTitle')} />
    </div>
  );
}
