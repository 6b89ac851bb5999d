import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { GraphNode, RecordView, VisitGraph, VisitRow } from '../../../shared/ipc/schemas/graph.js';
import { quote } from '../codec/row-codec.js';
import { titleSql } from '../record-title.js';
import type { RecordReader } from './record-reader.js';

export interface VisitFilter {
  readonly schoolId?: string;
  readonly districtId?: string;
  readonly reviewStatus?: string;
  readonly offset: number;
  readonly limit: number;
}

/** Visits, newest first, filtered by school, district or review status, a page at a time. */
export function readVisits(reader: RecordReader, filter: VisitFilter): { items: VisitRow[]; total: number } {
  const visit = reader.def('schoolVisit');
  const school = reader.def('school');
  const conditions: [string, string | undefined, string][] = [
    ['s', filter.schoolId, `${reader.column('schoolId', 'v')} = @school`],
    ['d', filter.districtId, `${reader.column('districtId', 's')} = @district`],
    ['r', filter.reviewStatus, `${reader.column('reviewStatus', 'v')} = @review`],
  ];
  const present = conditions.filter(([, value]) => value !== undefined);
  const key = present.map(([k]) => k).join('');
  const where = ['v._deleted = 0', ...present.map(([, , sql]) => sql)].join(' and ');
  const from = `${quote(visit.table)} v join ${quote(school.table)} s on s.id = ${reader.column('schoolId', 'v')}`;
  const bind = Object.fromEntries(
    [
      ['school', filter.schoolId],
      ['district', filter.districtId],
      ['review', filter.reviewStatus],
    ].filter(([, v]) => v !== undefined),
  );
  const rows = reader
    .prepare(
      `visits:${key}`,
      () =>
        `select v.id as id, ${titleSql(reader.graph, visit, 'v')} as title, ${reader.column('schoolId', 'v')} as schoolId, ${reader.column('name', 's')} as schoolName,
         ${reader.column('visitDate', 'v')} as visitDate, ${reader.column('monitorName', 'v')} as monitorName,
         ${reader.column('status', 'v')} as status, ${reader.column('reviewStatus', 'v')} as reviewStatus,
         v._local_state as localState
       from ${from} where ${where}
       order by ${reader.column('visitDate', 'v')} desc, v.id limit @limit offset @offset`,
    )
    .all({ ...bind, limit: filter.limit, offset: filter.offset }) as Omit<VisitRow, 'conflicted'>[];
  const total = (
    reader.prepare(`visitCount:${key}`, () => `select count(*) as n from ${from} where ${where}`).get(bind) as {
      n: number;
    }
  ).n;
  const conflicted = reader.conflictedIds('schoolVisit');
  return { total, items: rows.map((row) => ({ ...row, conflicted: conflicted.has(row.id) })) };
}

/**
 * A visit and every record it owns, found by walking the entity graph's ownership edges down from
 * the visit (so a new child type shows up without changes here), plus the records they reference
 * outside the visit (teachers, project forms).
 */
export function readVisitGraph(reader: RecordReader, id: string): VisitGraph | undefined {
  const visit = reader.byId('schoolVisit', id);
  if (!visit) return undefined;
  const visitDef = reader.def('schoolVisit');
  const schoolId = String(visit.fields[visitDef.ownerRef?.field ?? 'schoolId']);
  const school = reader.byId('school', schoolId);
  if (!school) return undefined;

  const nodes: GraphNode[] = [];
  const inside = new Set([visit.id]);
  let frontier: RecordView[] = [visit];
  while (frontier.length > 0) {
    const next: RecordView[] = [];
    for (const parent of frontier) {
      for (const child of ownedChildren(reader, reader.def(parent.entity))) {
        for (const record of reader.byRef(child.def.name, child.field, parent.id)) {
          nodes.push({ ...record, parentId: parent.id, via: child.field });
          inside.add(record.id);
          next.push(record);
        }
      }
    }
    frontier = next;
  }

  const references = new Map<string, RecordView>();
  for (const node of nodes) {
    for (const ref of reader.def(node.entity).refs) {
      const target = node.fields[ref.field];
      if (typeof target !== 'string' || inside.has(target) || target === school.id || references.has(target)) continue;
      const record = reader.byId(ref.entity, target);
      if (record) references.set(target, record);
    }
  }
  return { visit, school, nodes, references: [...references.values()] };
}

/** Child types owned through their owning reference (a teacher visit is owned by its visit, not its teacher). */
function ownedChildren(reader: RecordReader, def: EntityDef): { def: EntityDef; field: string }[] {
  return reader.graph.childrenOf(def).filter((c) => c.def.ownerRef?.field === c.field);
}
