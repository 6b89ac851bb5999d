import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Text,
} from '@fluentui/react-components';
import type { QueueItem } from '../../../shared/ipc/schemas/queue.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({ lost: { margin: 0, paddingInlineStart: '18px' } });

export interface DiscardDialogProps {
  readonly item: QueueItem;
  readonly open: boolean;
  readonly onOpenChange: (open: boolean) => void;
  readonly onDiscard: () => void;
}

/** Asks before a change is discarded, and lists what will be lost with it. */
export function DiscardDialog({ item, open, onOpenChange, onDiscard }: DiscardDialogProps) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const lost =
    item.kind === 'delete'
      ? [t('queue:discard.deletion')]
      : item.fields.map((f) =>
          t('queue:discard.field', {
            field: words.field(item.entity, f),
            value: show.fieldValue(item.entity, f, item.values?.[f]),
          }),
        );
  return (
    <Dialog open={open} onOpenChange={(_, d) => onOpenChange(d.open)}>
      <DialogSurface data-testid="discard-dialog">
        <DialogBody>
          <DialogTitle>{t('queue:discard.title')}</DialogTitle>
          <DialogContent>
            <Text block>
              {t(item.kind === 'create' ? 'queue:discard.removed' : 'queue:discard.reverted', {
                record: words.kind(item.entity),
                title: show.title(item.recordTitle),
              })}
            </Text>
            <ul className={styles.lost} data-testid="discard-lost">
              {lost.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => onOpenChange(false)}>
              {t('queue:discard.keep')}
            </Button>
            <Button appearance="primary" onClick={onDiscard} data-testid="discard-confirm">
              {t('queue:discard.confirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
