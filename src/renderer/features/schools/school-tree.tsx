import { Badge, Caption1, makeStyles, mergeClasses, Spinner, Text, tokens } from '@fluentui/react-components';
import { BuildingRegular, ChevronDownRegular, ChevronRightRegular, LocationRegular } from '@fluentui/react-icons';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HierarchyNode, SchoolRow } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { formatNumber } from '../../components/format.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { VirtualRows, type VirtualRowsHandle } from '../../components/virtual-rows.js';
import { treeKeyAction } from './tree-keys.js';
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

  const setOpen = (node: HierarchyNode, open: boolean) => {
    const next = new Set(expanded);
    if (!open) next.delete(node.id);
    else {
      next.add(node.id);
      if (node.entity === 'district' && !schools.has(node.id)) void loadSchools(node.id);
    }
    setExpanded(next);
  };

  const rows = useMemo(() => treeRows(nodes, expanded, (id) => schools.get(id)), [nodes, expanded, schools]);

  // One row holds the roving tabindex: the one last moved to, else the open school, else the first.
  const [focusKey, setFocusKey] = useState<string>();
  const focusIndex = useMemo(() => {
    const at = (key: string | undefined) => (key === undefined ? -1 : rows.findIndex((r) => r.key === key));
    const index = [at(focusKey), at(selectedSchoolId), 0].find((i) => i >= 0) ?? 0;
    return rows.length > 0 ? index : undefined;
  }, [rows, focusKey, selectedSchoolId]);
  const list = useRef<VirtualRowsHandle>(null);
  // Set by a key press: the row takes DOM focus once rendered (after scrolling it may be new).
  const moveFocus = useRef(false);
  const focusRow = (index: number) => {
    const row = rows[index];
    if (!row) return;
    moveFocus.current = true;
    setFocusKey(row.key);
    list.current?.scrollToIndex(index);
  };

  const onKeyDown = (index: number, event: KeyboardEvent) => {
    const action = treeKeyAction(rows, index, event.key);
    if (!action) return;
    event.preventDefault();
    const row = rows[action.index];
    if (action.kind === 'focus') focusRow(action.index);
    else if (row?.kind === 'area') setOpen(row.node, action.kind === 'expand');
    else if (row?.kind === 'school') onSelectSchool(row.school.id);
  };

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
    const selected = row.kind === 'school' && row.school.id === selectedSchoolId;
    const activate = () => {
      setFocusKey(row.key);
      if (row.kind === 'area') setOpen(row.node, !row.expanded);
      else onSelectSchool(row.school.id);
    };
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
        tabIndex={index === focusIndex ? 0 : -1}
        ref={(el) => {
          if (el && index === focusIndex && moveFocus.current) {
            moveFocus.current = false;
            el.focus({ preventScroll: true });
          }
        }}
        onClick={activate}
        onKeyDown={(e) => onKeyDown(index, e)}
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
  };

  return (
    <VirtualRows
      count={rows.length}
      rowHeight={ROW}
      renderRow={renderRow}
      {...(focusIndex === undefined ? {} : { keepIndex: focusIndex })}
      handle={list}
      label="Schools by area"
      role="tree"
      testId="school-tree"
    />
  );
}

/** An area row's chevron, name, counts and markers. */
function AreaCells({ node, expanded }: { readonly node: HierarchyNode; readonly expanded: boolean }) {
  const styles = useStyles();
  return (
    <>
      <span className={styles.chevron}>{expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}</span>
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
    </>
  );
}

/** A school row's name, visit count and markers. */
function SchoolCells({ school }: { readonly school: SchoolRow }) {
  const styles = useStyles();
  return (
    <>
      <span className={styles.chevron} />
      <BuildingRegular />
      <Text className={styles.name}>{school.name}</Text>
      <Caption1>{formatNumber(school.visits)} visits</Caption1>
      <RecordMarkers pending={school.pending > 0} conflicted={school.conflicts > 0} />
    </>
  );
}
