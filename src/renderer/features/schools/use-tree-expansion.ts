import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HierarchyNode, SchoolRow } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { initiallyExpanded, naturalOrder, type TreeRow, treeRows } from './tree-rows.js';

export interface TreeExpansion {
  /** The rows visible with the areas open now. */
  readonly rows: readonly TreeRow[];
  /** Opens or closes an area; opening a district reads its schools the first time. */
  setOpen(node: HierarchyNode, open: boolean): void;
}

/**
 * Which areas of the tree are open, and the schools of the open districts. Areas above districts start
 * open; schools load when their district opens and are read again when the hierarchy is.
 */
export function useTreeExpansion(
  nodes: readonly HierarchyNode[],
  view: { readonly showEmpty: boolean; readonly language: string },
): TreeExpansion {
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
  // Districts opened without a click (an officer's own, at first): read their schools once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only newly opened districts matter.
  useEffect(() => {
    for (const node of nodes)
      if (node.entity === 'district' && expanded.has(node.id) && !schools.has(node.id)) void loadSchools(node.id);
  }, [nodes, expanded]);

  const setOpen = (node: HierarchyNode, open: boolean) => {
    const next = new Set(expanded);
    if (!open) next.delete(node.id);
    else {
      next.add(node.id);
      if (node.entity === 'district' && !schools.has(node.id)) void loadSchools(node.id);
    }
    setExpanded(next);
  };

  const compare = useMemo(() => naturalOrder(view.language), [view.language]);
  const rows = useMemo(
    () => treeRows(nodes, expanded, (id) => schools.get(id), { showEmpty: view.showEmpty, compare }),
    [nodes, expanded, schools, view.showEmpty, compare],
  );
  return { rows, setOpen };
}
