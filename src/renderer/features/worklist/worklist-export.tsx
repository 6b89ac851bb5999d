import type { WorklistQuery } from '../../../shared/ipc/schemas/worklist.js';
import { worklistExportFilter } from '../../../shared/reports/export-request.js';
import { ExportMenuButton } from '../../components/export-menu.js';
import { type ExportRun, ExportRunStatus } from '../../components/export-run.js';
import { useT } from '../../state/i18n/use-t.js';

/** The worklist's Export: the visits it shows (this tab, these filters, this order) to Excel or CSV. */
export function WorklistExportButton({
  query,
  run,
  disabled,
}: {
  readonly query: WorklistQuery;
  readonly run: ExportRun;
  readonly disabled: boolean;
}) {
  const { t } = useT();
  return (
    <ExportMenuButton
      run={run}
      args={(format) => ({ entity: 'visits', format, filter: worklistExportFilter(query) })}
      disabled={disabled}
      label={t('worklist:export.button')}
      tooltip={t('worklist:export.tooltip')}
      testId="worklist-export"
    />
  );
}

/** The worklist export's progress, Cancel and outcome, under the heading. */
export function WorklistExportStatus({ run }: { readonly run: ExportRun }) {
  const { t } = useT();
  return <ExportRunStatus run={run} label={t('worklist:export.progress')} />;
}
