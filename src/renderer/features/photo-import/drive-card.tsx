import { Button, Caption1, Card, makeStyles, Subtitle2 } from '@fluentui/react-components';
import { UsbStickRegular } from '@fluentui/react-icons';
import { useT } from '../../state/i18n/use-t.js';
import type { Drive } from './use-removable-drives.js';

const useStyles = makeStyles({ drives: { display: 'flex', gap: '8px', flexWrap: 'wrap' } });

export interface DriveCardProps {
  readonly drives: readonly Drive[];
  readonly busy: boolean;
  readonly onScan: (path: string) => void;
}

/** A button per mounted card or stick; scanning starts on a click. */
export function DriveCard({ drives, busy, onScan }: DriveCardProps) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <Card>
      <Subtitle2>{t('photo-import:drives.title')}</Subtitle2>
      {drives.length === 0 ? (
        <Caption1 data-testid="no-drives">{t('photo-import:drives.none')}</Caption1>
      ) : (
        <div className={styles.drives} data-testid="drives">
          {drives.flatMap((d) =>
            d.mountpoints.map((m) => (
              <Button key={m} icon={<UsbStickRegular />} disabled={busy} onClick={() => onScan(m)}>
                {d.label ?? d.description} ({m})
              </Button>
            )),
          )}
        </div>
      )}
      <Caption1 data-testid="mtp-note">{t('photo-import:drives.mtp')}</Caption1>
    </Card>
  );
}
