import { Badge, Tooltip } from '@fluentui/react-components';
import { ArrowUploadRegular, BranchForkRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';

const MARKERS = {
  pending: {
    tip: 'Changed on this computer; not yet on the server',
    color: 'warning',
    icon: <ArrowUploadRegular />,
    text: 'Unsynced',
  },
  conflict: {
    tip: 'Changed elsewhere at the same time: see Conflicts',
    color: 'danger',
    icon: <BranchForkRegular />,
    text: 'Conflict',
  },
} as const satisfies Record<string, { tip: string; color: 'warning' | 'danger'; icon: ReactElement; text: string }>;

function Marker({ kind }: { readonly kind: keyof typeof MARKERS }) {
  const { tip, color, icon, text } = MARKERS[kind];
  return (
    <Tooltip content={tip} relationship="label">
      <Badge size="small" appearance="tint" color={color} icon={icon} data-testid={`marker-${kind}`}>
        {text}
      </Badge>
    </Tooltip>
  );
}

/** Marks a record with local edits not yet on the server, and one with an open conflict. */
export function RecordMarkers({ pending, conflicted }: { readonly pending: boolean; readonly conflicted: boolean }) {
  return (
    <>
      {pending ? <Marker kind="pending" /> : null}
      {conflicted ? <Marker kind="conflict" /> : null}
    </>
  );
}
