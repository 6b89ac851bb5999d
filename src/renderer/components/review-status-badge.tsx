import { Badge } from '@fluentui/react-components';

const LOOK = {
  pending: { color: 'informative', label: 'Awaiting review' },
  approved: { color: 'success', label: 'Approved' },
  flagged: { color: 'danger', label: 'Flagged' },
} as const;

/** A visit's review status as a coloured badge. */
export function ReviewStatusBadge({ status }: { readonly status: keyof typeof LOOK }) {
  const look = LOOK[status];
  return (
    <Badge appearance="tint" color={look.color} data-testid="review-status" data-status={status}>
      {look.label}
    </Badge>
  );
}
