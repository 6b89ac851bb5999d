import type { GraphNode, RecordView, VisitGraph } from '../../../shared/ipc/schemas/graph.js';

/** A box in the picture: one record, or a group of sibling records of one type. */
export interface PictureNode {
  readonly key: string;
  readonly column: number;
  readonly row: number;
  readonly entity: string;
  readonly label: string;
  readonly count: number;
  readonly pending: boolean;
  readonly conflicted: boolean;
}

export interface PictureEdge {
  readonly from: string;
  readonly to: string;
  /** A reference out of the visit (teacher, form), drawn dashed. */
  readonly reference: boolean;
}

export interface Picture {
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  readonly columns: number;
  readonly rows: number;
}

/** Siblings of one type beyond this many are drawn as one box ("25 Section answers"). */
const GROUP_ABOVE = 3;

/**
 * Lays the visit's records out in columns: school, visit, then each level of owned records, then the
 * records they reference outside the visit. Generic over the entity graph, so a new child type
 * (photos) appears without changes here.
 */
export function layoutVisitPicture(graph: VisitGraph, labelOf: (entity: string) => string): Picture {
  const nodes: PictureNode[] = [];
  const edges: PictureEdge[] = [];
  const keyOf = new Map<string, string>();
  const rowsIn: number[] = [];
  const place = (column: number, node: Omit<PictureNode, 'column' | 'row'>) => {
    const row = rowsIn[column] ?? 0;
    rowsIn[column] = row + 1;
    nodes.push({ ...node, column, row });
  };
  const single = (r: RecordView, label: string) => ({
    key: r.id,
    entity: r.entity,
    label,
    count: 1,
    pending: r.localState === 'pending',
    conflicted: r.conflicted,
  });

  place(0, single(graph.school, graph.school.title));
  place(1, single(graph.visit, `Visit ${graph.visit.title}`));
  edges.push({ from: graph.school.id, to: graph.visit.id, reference: false });
  keyOf.set(graph.visit.id, graph.visit.id);

  const depthOf = new Map<string, number>([[graph.visit.id, 1]]);
  let frontier = [graph.visit.id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const parentId of frontier) {
      const children = graph.nodes.filter((n) => n.parentId === parentId);
      const column = (depthOf.get(parentId) ?? 1) + 1;
      for (const [entity, group] of groupBy(children, (n) => n.entity)) {
        if (group.length > GROUP_ABOVE) {
          const key = `${parentId}:${entity}`;
          place(column, {
            key,
            entity,
            label: `${group.length} ${labelOf(entity)}s`,
            count: group.length,
            pending: group.some((n) => n.localState === 'pending'),
            conflicted: group.some((n) => n.conflicted),
          });
          edges.push({ from: keyOf.get(parentId) ?? parentId, to: key, reference: false });
          for (const n of group) keyOf.set(n.id, key);
        } else {
          for (const n of group) {
            place(column, single(n, `${labelOf(entity)}: ${n.title}`));
            edges.push({ from: keyOf.get(parentId) ?? parentId, to: n.id, reference: false });
            keyOf.set(n.id, n.id);
          }
        }
        for (const n of group) {
          depthOf.set(n.id, column);
          next.push(n.id);
        }
      }
    }
    frontier = next;
  }

  const refColumn = Math.max(...nodes.map((n) => n.column)) + 1;
  for (const ref of graph.references) {
    place(refColumn, single(ref, `${labelOf(ref.entity)}: ${ref.title}`));
    const from = new Set(
      graph.nodes.filter((n) => Object.values(n.fields).includes(ref.id)).map((n) => keyOf.get(n.id) ?? n.id),
    );
    for (const key of from) edges.push({ from: key, to: ref.id, reference: true });
  }
  return { nodes, edges, columns: refColumn + 1, rows: Math.max(...rowsIn.map((r) => r ?? 0)) };
}

function groupBy(items: readonly GraphNode[], key: (n: GraphNode) => string): Map<string, GraphNode[]> {
  const groups = new Map<string, GraphNode[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
