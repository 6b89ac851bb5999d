import type { HierarchyNode, SchoolRow } from '../../../shared/ipc/schemas/graph.js';

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

export interface TreeOptions {
  /** Show areas without a school in this store (folded away by default). */
  readonly showEmpty?: boolean;
  /** Sibling order by name; natural by default ("District 2" before "District 10"). */
  readonly compare?: (a: string, b: string) => number;
}

/** Names compared as people read them: digits as numbers, case and accents secondary. */
export function naturalOrder(locale?: string): (a: string, b: string) => number {
  return new Intl.Collator(locale, { numeric: true, sensitivity: 'base' }).compare;
}

/**
 * Flattens Country → Region → District → School into the rows currently visible, given which nodes
 * are expanded. Schools come from `schoolsOf` (fetched lazily per district); a district with
 * `counts.schools > 0` but no loaded schools yet shows a loading row. Siblings are in natural order;
 * areas with no school (a district officer's store holds every district, schools of their own only)
 * are left out unless `showEmpty`.
 */
export function treeRows(
  nodes: readonly HierarchyNode[],
  expanded: ReadonlySet<string>,
  schoolsOf: (districtId: string) => readonly SchoolRow[] | undefined,
  options: TreeOptions = {},
): TreeRow[] {
  const compare = options.compare ?? naturalOrder();
  const children = new Map<string | null, HierarchyNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    if (!options.showEmpty && node.counts.schools === 0) continue;
    const parent = node.parentId && ids.has(node.parentId) ? node.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => compare(a.name, b.name));
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
        const loaded = schoolsOf(node.id);
        const schools = loaded && [...loaded].sort((a, b) => compare(a.name, b.name));
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

/** At most this many districts with schools: the officer's own, opened at first. */
const OWN_DISTRICTS = 3;

/**
 * Nodes that start expanded: every level above districts, so districts with their counts show at once;
 * and when only a few districts have schools (a district officer's store), those districts too, so the
 * officer lands on their own schools.
 */
export function initiallyExpanded(nodes: readonly HierarchyNode[]): Set<string> {
  const parents = new Set(nodes.map((n) => n.parentId).filter((id): id is string => id !== null));
  const open = new Set(nodes.filter((n) => parents.has(n.id)).map((n) => n.id));
  const withSchools = nodes.filter((n) => !parents.has(n.id) && n.counts.schools > 0);
  if (withSchools.length <= OWN_DISTRICTS) for (const district of withSchools) open.add(district.id);
  return open;
}

/** How many areas `treeRows` leaves out when empty ones are folded away. */
export function emptyAreaCount(nodes: readonly HierarchyNode[]): number {
  return nodes.filter((n) => n.counts.schools === 0).length;
}
