import type { HierarchyNode, NodeCounts, SchoolRow } from '../../../shared/ipc/schemas/graph.js';

/** Where a row sits among its siblings (`aria-posinset` / `aria-setsize`: a virtualised tree renders few). */
interface Place {
  /** Stable across re-reads and expansion: the row keeps keyboard focus by it. */
  readonly key: string;
  readonly depth: number;
  readonly posinset: number;
  readonly setsize: number;
}

/** One visible row of the administrative tree. */
export type TreeRow =
  | (Place & { readonly kind: 'area'; readonly node: HierarchyNode; readonly expanded: boolean })
  | (Place & { readonly kind: 'school'; readonly school: SchoolRow })
  | (Place & { readonly kind: 'loading'; readonly parentId: string });

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
    const siblings = children.get(parent) ?? [];
    siblings.forEach((node, i) => {
      const open = expanded.has(node.id);
      const place = { key: node.id, depth, posinset: i + 1, setsize: siblings.length };
      rows.push({ kind: 'area', node, expanded: open, ...place });
      if (!open) return;
      if (children.has(node.id)) walk(node.id, depth + 1);
      else if (node.counts.schools > 0) {
        const schools = schoolsOf(node.id);
        const inside = { depth: depth + 1, setsize: schools?.length ?? 1 };
        if (!schools)
          rows.push({ kind: 'loading', parentId: node.id, key: `loading:${node.id}`, posinset: 1, ...inside });
        else
          for (const [j, school] of schools.entries())
            rows.push({ kind: 'school', school, key: school.id, posinset: j + 1, ...inside });
      }
    });
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
