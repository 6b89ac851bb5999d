import { Badge } from '@fluentui/react-components';
import { useT } from '../state/i18n/use-t.js';

const COLOR = { pending: 'informative', approved: 'success', flagged: 'danger' } as const;

/** A visit's review status as a coloured badge. */
export function ReviewStatusBadge({ status }: { readonly status: keyof typeof COLOR }) {
  const { words } = useT();
  return (
    <Badge appearance="tint" color={COLOR[status]} data-testid="review-status" data-status={status}>
      {words.value('schoolVisit', 'reviewStatus', status)}
    </Badge>
  );
}
