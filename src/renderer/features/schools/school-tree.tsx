import type { KeyboardEvent } from 'react';
import type { HierarchyNode } from '../../../shared/ipc/schemas/graph.js';
import { VirtualRows } from '../../components/virtual-rows.js';
import { useT } from '../../state/i18n/use-t.js';
import { SchoolTreeRow, TREE_ROW_HEIGHT } from './school-tree-row.js';
import { treeKeyAction } from './tree-keys.js';
import type { TreeRow } from './tree-rows.js';
import { useRovingFocus } from './use-roving-focus.js';
import { useTreeExpansion } from './use-tree-expansion.js';

export interface SchoolTreeProps {
  readonly nodes: readonly HierarchyNode[];
  readonly selectedSchoolId: string | undefined;
  readonly onSelectSchool: (id: string) => void;
  /** Areas with no school in this store shown too. */
  readonly showEmpty: boolean;
}

/** Country → Region → District → School, with counts; schools load when their district opens. */
export function SchoolTree({ nodes, selectedSchoolId, onSelectSchool, showEmpty }: SchoolTreeProps) {
  const { t, language } = useT();
  const { rows, setOpen } = useTreeExpansion(nodes, { showEmpty, language });
  const focus = useRovingFocus(rows, selectedSchoolId);

  const onKeyDown = (index: number, event: KeyboardEvent) => {
    const action = treeKeyAction(rows, index, event.key);
    if (!action) return;
    event.preventDefault();
    const row = rows[action.index];
    if (action.kind === 'focus') focus.focusRow(action.index);
    else if (row?.kind === 'area') setOpen(row.node, action.kind === 'expand');
    else if (row?.kind === 'school') onSelectSchool(row.school.id);
  };
  const activate = (row: TreeRow) => {
    focus.remember(row.key);
    if (row.kind === 'area') setOpen(row.node, !row.expanded);
    else if (row.kind === 'school') onSelectSchool(row.school.id);
  };

  const renderRow = (index: number) => {
    const row = rows[index] as TreeRow;
    return (
      <SchoolTreeRow
        row={row}
        selected={row.kind === 'school' && row.school.id === selectedSchoolId}
        focusable={index === focus.index}
        focusRef={focus.refFor(index)}
        onActivate={() => activate(row)}
        onKeyDown={(e) => onKeyDown(index, e)}
      />
    );
  };

  return (
    <VirtualRows
      count={rows.length}
      rowHeight={TREE_ROW_HEIGHT}
      renderRow={renderRow}
      {...(focus.index === undefined ? {} : { keepIndex: focus.index })}
      handle={focus.list}
      label={t('schools:tree.label')}
      role="tree"
      testId="school-tree"
    />
  );
}
