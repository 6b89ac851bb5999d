import { Badge, Button, Caption1, makeStyles, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { QueueItem } from '../../../shared/ipc/schemas/queue.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { officerMessage } from '../../components/officer-message.js';
import { useT } from '../../state/i18n/use-t.js';
import { DiscardDialog } from './discard-dialog.js';

export const ROW_HEIGHT = 76;

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(260px, 2fr) 140px minmax(200px, 1.5fr) auto',
    gap: '12px',
    alignItems: 'center',
    height: `${ROW_HEIGHT}px`,
    boxSizing: 'border-box',
    padding: '6px 12px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  cell: { display: 'flex', flexDirection: 'column', minWidth: 0, overflow: 'hidden' },
  ellipsis: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: '6px' },
});

const STATE_COLOR = {
  pending: 'informative',
  in_flight: 'brand',
  failed: 'warning',
  needs_attention: 'danger',
} as const;

/** One outbox operation: what it changes, its state and why it failed, with retry and discard. */
export function QueueRow({ item }: { readonly item: QueueItem | undefined }) {
  const styles = useStyles();
  const api = useApi();
  const w = useT();
  const { t } = w;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<AppError>();
  if (!item) {
    return (
      <Skeleton className={styles.row}>
        <SkeletonItem />
      </Skeleton>
    );
  }
  const retry = async () => {
    const r = await api.queue.retry({ opId: item.opId });
    if (!r.ok) setError(r.error);
  };
  const discard = async () => {
    const r = await api.queue.discard({ opId: item.opId });
    setConfirming(false);
    if (!r.ok) setError(r.error);
  };
  return (
    <div className={styles.row} data-testid="queue-row" data-state={item.state} data-op-id={item.opId}>
      <ChangeCells item={item} />
      <div className={styles.cell}>
        {error ? (
          <ErrorNotice error={error} />
        ) : item.lastError ? (
          <Caption1
            className={styles.ellipsis}
            title={`${item.lastError.code}: ${item.lastError.message}${item.lastError.detail ? `\n${item.lastError.detail}` : ''}`}
            data-testid="queue-reason"
          >
            {officerMessage(w, item.lastError, 'record')}
          </Caption1>
        ) : null}
      </div>
      <div className={styles.actions}>
        {item.state === 'failed' || item.state === 'needs_attention' ? (
          <Button size="small" icon={<ArrowClockwiseRegular />} onClick={retry} data-testid="queue-retry">
            {t('queue:row.retry')}
          </Button>
        ) : null}
        {item.state !== 'in_flight' ? (
          <Button
            size="small"
            appearance="subtle"
            icon={<DeleteRegular />}
            onClick={() => setConfirming(true)}
            data-testid="queue-discard"
          >
            {t('queue:row.discard')}
          </Button>
        ) : null}
      </div>
      <DiscardDialog item={item} open={confirming} onOpenChange={setConfirming} onDiscard={discard} />
    </div>
  );
}

/** What the operation changes (title first, then type, kind, fields and when), and its state and attempts. */
function ChangeCells({ item }: { readonly item: QueueItem }) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const fields = item.fields.map((f) => words.field(item.entity, f));
  return (
    <>
      <div className={styles.cell}>
        {/* The title first (a visit's leads with its school): the type moves to the line below. */}
        <Text
          weight="semibold"
          className={styles.ellipsis}
          title={show.title(item.recordTitle)}
          data-testid="queue-title"
        >
          {show.title(item.recordTitle)}
        </Text>
        <Caption1 className={styles.ellipsis}>
          {t('queue:row.change', {
            record: words.kind(item.entity),
            kind: item.kind,
            fields: fields.join(', '),
            when: show.when(item.createdAt),
          })}
        </Caption1>
      </div>
      <div className={styles.cell}>
        <Badge appearance="tint" color={STATE_COLOR[item.state]}>
          {t(`queue:state.${item.state}`)}
        </Badge>
        <Caption1>{t('queue:row.attempts', { count: item.attempts })}</Caption1>
      </div>
    </>
  );
}
