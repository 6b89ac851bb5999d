import { Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger, Tooltip } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { ArgsOf } from '../../shared/ipc/contract.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/reports/export-request.js';
import { useT } from '../state/i18n/use-t.js';
import type { ExportRun } from './export-run.js';

/**
 * A screen's Export: what the screen shows, to Excel or CSV. Main asks where to save (a browser
 * download in the browser host), then rows stream with progress and Cancel (`ExportRunStatus`).
 */
export function ExportMenuButton({
  run,
  args,
  disabled,
  label,
  tooltip,
  testId,
}: {
  readonly run: ExportRun;
  /** The export of what the screen shows, in a format. */
  readonly args: (format: ExportFormat) => ArgsOf<'exports:run'>;
  readonly disabled: boolean;
  readonly label: string;
  readonly tooltip: string;
  /** `<testId>` on the button, `<testId>-<format>` on each format. */
  readonly testId: string;
}) {
  const { t } = useT();
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Tooltip content={tooltip} relationship="description">
          <MenuButton icon={<ArrowDownloadRegular />} disabled={disabled || run.running} data-testid={testId}>
            {label}
          </MenuButton>
        </Tooltip>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {EXPORT_FORMATS.map((format) => (
            <MenuItem key={format} onClick={() => void run.start(args(format))} data-testid={`${testId}-${format}`}>
              {t(`reports:screen.${format}`)}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
