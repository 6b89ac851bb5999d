import { Badge, Caption1, makeStyles, mergeClasses, Spinner, Text, tokens } from '@fluentui/react-components';
import { BuildingRegular, ChevronDownRegular, ChevronRightRegular, LocationRegular } from '@fluentui/react-icons';
import type { KeyboardEvent } from 'react';
import type { HierarchyNode, SchoolRow } from '../../../shared/ipc/schemas/graph.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { useT } from '../../state/i18n/use-t.js';
import type { TreeRow } from './tree-rows.js';

export const TREE_ROW_HEIGHT = 34;

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
    height: `${TREE_ROW_HEIGHT}px`,
    paddingInlineEnd: '8px',
    cursor: 'pointer',
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  selected: { backgroundColor: tokens.colorSubtleBackgroundSelected },
  name: { flex: '1 1 auto', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  chevron: { width: '16px', flex: '0 0 16px' },
  // A badge has a fixed height: one line, or a longer language spills out of the pill.
  badge: { whiteSpace: 'nowrap', flexShrink: 0 },
});

export interface SchoolTreeRowProps {
  readonly row: TreeRow;
  readonly selected: boolean;
  /** Holds the roving tabindex. */
  readonly focusable: boolean;
  readonly focusRef: (element: HTMLElement | null) => void;
  readonly onActivate: () => void;
  readonly onKeyDown: (event: KeyboardEvent) => void;
}

/** One tree item: an area (chevron, counts) or a school, or the spinner of a district still loading. */
export function SchoolTreeRow({ row, selected, focusable, focusRef, onActivate, onKeyDown }: SchoolTreeRowProps) {
  const styles = useStyles();
  const { t } = useT();
  const indent = { paddingInlineStart: 8 + row.depth * 18 };
  if (row.kind === 'loading') {
    return (
      <div className={styles.row} style={indent}>
        <Spinner size="extra-tiny" label={t('schools:loading')} />
      </div>
    );
  }
  return (
    <div
      className={mergeClasses(styles.row, selected && styles.selected)}
      style={indent}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-posinset={row.posinset}
      aria-setsize={row.setsize}
      aria-expanded={row.kind === 'area' ? row.expanded : undefined}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      ref={focusRef}
      onClick={onActivate}
      onKeyDown={onKeyDown}
      data-testid={row.kind === 'area' ? 'tree-area' : 'tree-school'}
      data-key={row.key}
      data-entity={row.kind === 'area' ? row.node.entity : undefined}
      data-name={row.kind === 'area' ? row.node.name : row.school.name}
    >
      {row.kind === 'area' ? (
        <AreaCells node={row.node} expanded={row.expanded} />
      ) : (
        <SchoolCells school={row.school} />
      )}
    </div>
  );
}

/** An area row's chevron, name, counts and markers. */
function AreaCells({ node, expanded }: { readonly node: HierarchyNode; readonly expanded: boolean }) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <>
      <span className={styles.chevron}>{expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}</span>
      <LocationRegular />
      <Text className={styles.name} weight={node.entity === 'district' ? 'regular' : 'semibold'}>
        {node.name}
      </Text>
      <Caption1>{t('schools:tree.counts', { schools: node.counts.schools, visits: node.counts.visits })}</Caption1>
      {node.counts.awaitingReview > 0 ? (
        <Badge size="small" appearance="outline" className={styles.badge} title={t('schools:tree.toReviewTip')}>
          {t('schools:tree.toReview', { count: node.counts.awaitingReview })}
        </Badge>
      ) : null}
      <RecordMarkers pending={node.counts.pending > 0} conflicted={node.counts.conflicts > 0} />
    </>
  );
}

/** A school row's name, visit count and markers. */
function SchoolCells({ school }: { readonly school: SchoolRow }) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <>
      <span className={styles.chevron} />
      <BuildingRegular />
      <Text className={styles.name}>{school.name}</Text>
      <Caption1>{t('schools:tree.visits', { count: school.visits })}</Caption1>
      <RecordMarkers pending={school.pending > 0} conflicted={school.conflicts > 0} />
    </>
  );
}
