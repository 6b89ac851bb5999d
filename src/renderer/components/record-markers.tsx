import { Badge, makeStyles, Tooltip } from '@fluentui/react-components';
import { ArrowUploadRegular, BranchForkRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useT } from '../state/i18n/use-t.js';

const MARKERS = {
  pending: { color: 'warning', icon: <ArrowUploadRegular /> },
  conflict: { color: 'danger', icon: <BranchForkRegular /> },
} as const satisfies Record<string, { color: 'warning' | 'danger'; icon: ReactElement }>;

// A badge has a fixed height: its words on one line and never squeezed, or a longer language spills out.
const useStyles = makeStyles({ badge: { whiteSpace: 'nowrap', flexShrink: 0 } });

function Marker({ kind, iconOnly }: { readonly kind: keyof typeof MARKERS; readonly iconOnly: boolean }) {
  const { t } = useT();
  const styles = useStyles();
  const { color, icon } = MARKERS[kind];
  const tip = kind === 'pending' ? t('common:marker.pendingTip') : t('common:marker.conflictTip');
  const text = kind === 'pending' ? t('common:marker.pending') : t('common:marker.conflict');
  if (iconOnly) {
    // A narrow column: the icon, named by the word (an image with a name), the tip as its description.
    return (
      <Tooltip content={tip} relationship="description">
        <Badge
          size="small"
          appearance="tint"
          className={styles.badge}
          color={color}
          icon={icon}
          role="img"
          aria-label={text}
          data-testid={`marker-${kind}`}
        />
      </Tooltip>
    );
  }
  return (
    <Tooltip content={tip} relationship="label">
      <Badge
        size="small"
        appearance="tint"
        className={styles.badge}
        color={color}
        icon={icon}
        data-testid={`marker-${kind}`}
      >
        {text}
      </Badge>
    </Tooltip>
  );
}

/**
 * Marks a record with local edits not yet on the server, and one with an open conflict; `iconOnly` for a
 * narrow column (the worklist's Sync), where the word is the icon's accessible name.
 */
export function RecordMarkers({
  pending,
  conflicted,
  iconOnly = false,
}: {
  readonly pending: boolean;
  readonly conflicted: boolean;
  readonly iconOnly?: boolean;
}) {
  return (
    <>
      {pending ? <Marker kind="pending" iconOnly={iconOnly} /> : null}
      {conflicted ? <Marker kind="conflict" iconOnly={iconOnly} /> : null}
    </>
  );
}
