import { Badge, Caption1, makeStyles, mergeClasses, Spinner, Text, tokens } from '@fluentui/react-components';
import { BuildingRegular, ChevronDownRegular, ChevronRightRegular, LocationRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HierarchyNode, SchoolRow } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { formatNumber } from '../../components/format.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { VirtualRows } from '../../components/virtual-rows.js';
import { initiallyExpanded, type TreeRow, treeRows } from './tree-rows.js';

const ROW = 34;

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
    height: `${ROW}px`,
    paddingRight: '8px',
    cursor: 'pointer',
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  selected: { backgroundColor: tokens.colorSubtleBackgroundSelected },
  name: { flex: '1 1 auto', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  chevron: { width: '16px', flex: '0 0 16px' },
});

export interface SchoolTreeProps {
  readonly nodes: readonly HierarchyNode[];
  readonly selectedSchoolId: string | undefined;
  readonly onSelectSchool: (id: string) => void;
}

/** Country → Region → District → School, with counts; schools load when their district opens. */
export function SchoolTree({ nodes, selectedSchoolId, onSelectSchool }: SchoolTreeProps) {
  const styles = useStyles();
  const api = useApi();
  const [expanded, setExpanded] = useState(() => initiallyExpanded(nodes));
  // Areas that gain children later (a first sync fills the tree page by page) open like the first
  // ones did, once; after that they keep whatever the officer chose.
  const opened = useRef(initiallyExpanded(nodes));
  useEffect(() => {
    const fresh = [...initiallyExpanded(nodes)].filter((id) => !opened.current.has(id));
    for (const id of fresh) opened.current.add(id);
    if (fresh.length > 0) setExpanded((e) => new Set([...e, ...fresh]));
  }, [nodes]);
  const [schools, setSchools] = useState(new Map<string, SchoolRow[]>());

  const loadSchools = useCallback(
    async (districtId: string) => {
      const result = await api.graph.schools({ districtId, limit: 500 });
      if (result.ok) setSchools((m) => new Map(m).set(districtId, result.value.items));
    },
    [api],
  );
  // The counts changed (a pull, an edit): re-read the open districts' schools too.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the hierarchy is re-read.
  useEffect(() => {
    for (const id of schools.keys()) if (expanded.has(id)) void loadSchools(id);
  }, [nodes]);

  const toggle = (node: HierarchyNode) => {
    const next = new Set(expanded);
    if (next.has(node.id)) next.delete(node.id);
    else {
      next.add(node.id);
      if (node.entity === 'district' && !schools.has(node.id)) void loadSchools(node.id);
    }
    setExpanded(next);
  };

  const rows = useMemo(() => treeRows(nodes, expanded, (id) => schools.get(id)), [nodes, expanded, schools]);

  const renderRow = (index: number) => {
    const row = rows[index] as TreeRow;
    const indent = { paddingLeft: 8 + row.depth * 18 };
    if (row.kind === 'loading') {
      return (
        <div className={styles.row} style={indent}>
          <Spinner size="extra-tiny" label="Loading schools…" />
        </div>
      );
    }
    if (row.kind === 'area') {
      const { node } = row;
      return (
        <div
          className={styles.row}
          style={indent}
          role="treeitem"
          aria-level={row.depth + 1}
          aria-expanded={row.expanded}
          tabIndex={0}
          onClick={() => toggle(node)}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && toggle(node)}
          data-testid="tree-area"
          data-entity={node.entity}
          data-name={node.name}
        >
          <span className={styles.chevron}>{row.expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}</span>
          <LocationRegular />
          <Text className={styles.name} weight={node.entity === 'district' ? 'regular' : 'semibold'}>
            {node.name}
          </Text>
          <Caption1>
            {formatNumber(node.counts.schools)} schools · {formatNumber(node.counts.visits)} visits
          </Caption1>
          {node.counts.awaitingReview > 0 ? (
            <Badge size="small" appearance="outline" title="Visits awaiting review">
              {formatNumber(node.counts.awaitingReview)} to review
            </Badge>
          ) : null}
          <RecordMarkers pending={node.counts.pending > 0} conflicted={node.counts.conflicts > 0} />
        </div>
      );
    }
    const { school } = row;
    return (
      <div
        className={mergeClasses(styles.row, school.id === selectedSchoolId && styles.selected)}
        style={indent}
        role="treeitem"
        aria-level={row.depth + 1}
        aria-selected={school.id === selectedSchoolId}
        tabIndex={0}
        onClick={() => onSelectSchool(school.id)}
        onKeyDown={(e) => e.key === 'Enter' && onSelectSchool(school.id)}
        data-testid="tree-school"
        data-name={school.name}
      >
        <span className={styles.chevron} />
        <BuildingRegular />
        <Text className={styles.name}>{school.name}</Text>
        <Caption1>{formatNumber(school.visits)} visits</Caption1>
        <RecordMarkers pending={school.pending > 0} conflicted={school.conflicts > 0} />
      </div>
    );
  };

  return (
    <VirtualRows
      count={rows.length}
      rowHeight={ROW}
      renderRow={renderRow}
      label="Schools by area"
      role="tree"
      testId="school-tree"
    />
  );
}
