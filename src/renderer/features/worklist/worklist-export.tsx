import { Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger, Tooltip } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { WorklistQuery } from '../../../shared/ipc/schemas/worklist.js';
import { EXPORT_FORMATS, worklistExportFilter } from '../../../shared/reports/export-request.js';
import { type ExportRun, ExportRunStatus } from '../../components/export-run.js';
import { useT } from '../../state/i18n/use-t.js';

/**
 * The worklist's Export: the visits it shows (this tab, these filters, this order) to Excel or CSV.
 * Main asks where to save (a download folder in the browser host), then rows stream with progress and
 * Cancel, as on the reports screen.
 */
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
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Tooltip content={t('worklist:export.tooltip')} relationship="description">
          <MenuButton icon={<ArrowDownloadRegular />} disabled={disabled || run.running} data-testid="worklist-export">
            {t('worklist:export.button')}
          </MenuButton>
        </Tooltip>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {EXPORT_FORMATS.map((format) => (
            <MenuItem
              key={format}
              onClick={() => void run.start({ entity: 'visits', format, filter: worklistExportFilter(query) })}
              data-testid={`worklist-export-${format}`}
            >
              {t(`reports:screen.${format}`)}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** The worklist export's progress, Cancel and outcome, under the heading. */
export function WorklistExportStatus({ run }: { readonly run: ExportRun }) {
  const { t } = useT();
  return <ExportRunStatus run={run} label={t('worklist:export.progress')} />;
}
