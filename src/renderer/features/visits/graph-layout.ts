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

/** The words on the boxes, in the officer's language. */
export interface PictureLabels {
  /** The visit's box, beside its school's: its date says enough. */
  visit(visit: RecordView): string;
  /** A group of same-type siblings: "25 Section answers". */
  group(entity: string, count: number): string;
  /** One record: "Teacher: Barasa". */
  record(entity: string, title: string): string;
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
export function layoutVisitPicture(graph: VisitGraph, labels: PictureLabels): Picture {
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
  place(1, single(graph.visit, labels.visit(graph.visit)));
  edges.push({ from: graph.school.id, to: graph.visit.id, reference: false });

  // Walk down level by level. A box is one record or a group of same-type siblings; the children of
  // a group are grouped across all its members, so the picture stays a few boxes tall.
  let frontier: { key: string; members: Set<string> }[] = [{ key: graph.visit.id, members: new Set([graph.visit.id]) }];
  for (let column = 2; frontier.length > 0; column++) {
    const next: typeof frontier = [];
    for (const box of frontier) {
      const children = graph.nodes.filter((n) => box.members.has(n.parentId));
      for (const [entity, group] of groupBy(children, (n) => n.entity)) {
        const boxes =
          group.length > GROUP_ABOVE
            ? [{ key: `${box.key}:${entity}`, records: group, label: labels.group(entity, group.length) }]
            : group.map((n) => ({ key: n.id, records: [n], label: labels.record(entity, n.title) }));
        for (const b of boxes) {
          place(column, {
            key: b.key,
            entity,
            label: b.label,
            count: b.records.length,
            pending: b.records.some((n) => n.localState === 'pending'),
            conflicted: b.records.some((n) => n.conflicted),
          });
          edges.push({ from: box.key, to: b.key, reference: false });
          for (const n of b.records) keyOf.set(n.id, b.key);
          next.push({ key: b.key, members: new Set(b.records.map((n) => n.id)) });
        }
      }
    }
    frontier = next;
  }

  const refColumn = Math.max(...nodes.map((n) => n.column)) + 1;
  for (const ref of graph.references) {
    place(refColumn, single(ref, labels.record(ref.entity, ref.title)));
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
