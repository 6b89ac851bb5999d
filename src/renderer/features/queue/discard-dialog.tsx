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
import { formatValue, humanize } from '../../components/format.js';

const useStyles = makeStyles({ lost: { margin: 0, paddingLeft: '18px' } });

export interface DiscardDialogProps {
  readonly item: QueueItem;
  readonly open: boolean;
  readonly onOpenChange: (open: boolean) => void;
  readonly onDiscard: () => void;
}

/** Asks before a change is discarded, and lists what will be lost with it. */
export function DiscardDialog({ item, open, onOpenChange, onDiscard }: DiscardDialogProps) {
  const styles = useStyles();
  const lost =
    item.kind === 'delete'
      ? ['the deletion of this record']
      : item.fields.map((f) => `${humanize(f)}: ${formatValue(item.values?.[f])}`);
  return (
    <Dialog open={open} onOpenChange={(_, d) => onOpenChange(d.open)}>
      <DialogSurface data-testid="discard-dialog">
        <DialogBody>
          <DialogTitle>Discard this change?</DialogTitle>
          <DialogContent>
            <Text block>
              {item.kind === 'create'
                ? `${item.entityLabel} “${item.recordTitle}” exists only on this computer and will be removed.`
                : `${item.entityLabel} “${item.recordTitle}” will go back to the server’s version.`}{' '}
              This will be lost and cannot be undone:
            </Text>
            <ul className={styles.lost} data-testid="discard-lost">
              {lost.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => onOpenChange(false)}>
              Keep it
            </Button>
            <Button appearance="primary" onClick={onDiscard} data-testid="discard-confirm">
              Discard change
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
