import type { HierarchyNode, NodeCounts, SchoolRow } from '../../../shared/ipc/schemas/graph.js';

/** One visible row of the administrative tree. */
export type TreeRow =
  | { readonly kind: 'area'; readonly node: HierarchyNode; readonly depth: number; readonly expanded: boolean }
  | { readonly kind: 'school'; readonly school: SchoolRow; readonly depth: number }
  | { readonly kind: 'loading'; readonly depth: number; readonly parentId: string };

/**
 * Flattens Country → Region → District → School into the rows currently visible, given which nodes
 * are expanded. Schools come from `schoolsOf` (fetched lazily per district); a district with
 * `counts.schools > 0` but no loaded schools yet shows a loading row.
 */
export function treeRows(
  nodes: readonly HierarchyNode[],
  expanded: ReadonlySet<string>,
  schoolsOf: (districtId: string) => readonly SchoolRow[] | undefined,
): TreeRow[] {
  const children = new Map<string | null, HierarchyNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    const parent = node.parentId && ids.has(node.parentId) ? node.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const rows: TreeRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const node of children.get(parent) ?? []) {
      const open = expanded.has(node.id);
      rows.push({ kind: 'area', node, depth, expanded: open });
      if (!open) continue;
      if (children.has(node.id)) walk(node.id, depth + 1);
      else if (node.counts.schools > 0) {
        const schools = schoolsOf(node.id);
        if (!schools) rows.push({ kind: 'loading', depth: depth + 1, parentId: node.id });
        else for (const school of schools) rows.push({ kind: 'school', school, depth: depth + 1 });
      }
    }
  };
  walk(null, 0);
  return rows;
}

/** Nodes that start expanded: every level above districts, so districts with their counts show at once. */
export function initiallyExpanded(nodes: readonly HierarchyNode[]): Set<string> {
  const parents = new Set(nodes.map((n) => n.parentId).filter((id): id is string => id !== null));
  return new Set(nodes.filter((n) => parents.has(n.id)).map((n) => n.id));
}

export function countsLine(counts: NodeCounts): string {
  return `${counts.schools} schools · ${counts.visits} visits`;
}
