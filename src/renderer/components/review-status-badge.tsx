import { Badge, makeStyles } from '@fluentui/react-components';
import { useT } from '../state/i18n/use-t.js';

const COLOR = { pending: 'informative', approved: 'success', flagged: 'danger' } as const;

// A badge has a fixed height: its words on one line, or a longer language spills out of the pill.
const useStyles = makeStyles({ badge: { whiteSpace: 'nowrap', flexShrink: 0 } });

/** A visit's review status as a coloured badge. */
export function ReviewStatusBadge({ status }: { readonly status: keyof typeof COLOR }) {
  const { words } = useT();
  const styles = useStyles();
  return (
    <Badge
      className={styles.badge}
      appearance="tint"
      color={COLOR[status]}
      data-testid="review-status"
      data-status={status}
    >
      {words.value('schoolVisit', 'reviewStatus', status)}
    </Badge>
  );
}
