import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { HierarchyNode, NodeCounts } from '../../../shared/ipc/schemas/graph.js';
import { quote } from '../codec/row-codec.js';
import { openConflictsBy } from './owner-walk.js';
import type { RecordReader } from './record-reader.js';

const ZERO: NodeCounts = { schools: 0, visits: 0, awaitingReview: 0, pending: 0, conflicts: 0 };

/**
 * The administrative levels above schools (their owners up to, not including, the tenant root:
 * country → region → district) with counts summed up from each district.
 */
export function readHierarchy(reader: RecordReader): { nodes: HierarchyNode[] } {
  const school = reader.def('school');
  const levels = reader.graph.ownersOf(school).filter((d) => d.ownerRef !== undefined);
  const districtDef = levels[0];
  if (!districtDef) return { nodes: [] };

  const perDistrict = countsPerDistrict(reader, school);
  const nodes: { node: HierarchyNode; counts: { -readonly [K in keyof NodeCounts]: number } }[] = [];
  const byId = new Map<string, (typeof nodes)[number]>();
  for (const def of [...levels].reverse()) {
    for (const row of areaRows(reader, def)) {
      const counts = { ...(def === districtDef ? (perDistrict.get(row.id) ?? ZERO) : ZERO) };
      const entry = { node: { entity: def.name, id: row.id, name: row.name, parentId: row.parentId, counts }, counts };
      nodes.push(entry);
      byId.set(row.id, entry);
    }
  }
  // Sum districts into regions, regions into countries (children were added after parents).
  for (const entry of [...nodes].reverse()) {
    const parent = entry.node.parentId ? byId.get(entry.node.parentId) : undefined;
    if (!parent) continue;
    for (const key of Object.keys(ZERO) as (keyof NodeCounts)[]) parent.counts[key] += entry.counts[key];
  }
  return { nodes: nodes.map((e) => e.node) };
}

function areaRows(reader: RecordReader, def: EntityDef): { id: string; name: string; parentId: string | null }[] {
  const title = def.titleField ? reader.column(def.titleField, null) : 'id';
  const parent = def.ownerRef ? quote(def.ownerRef.column) : 'null';
  return reader
    .prepare(
      `areas:${def.name}`,
      () =>
        `select id, ${title} as name, ${parent} as parentId from ${quote(def.table)} where _deleted = 0 order by ${title}`,
    )
    .all() as { id: string; name: string; parentId: string | null }[];
}

function countsPerDistrict(reader: RecordReader, school: EntityDef): Map<string, NodeCounts> {
  const visit = reader.def('schoolVisit');
  const districtColumn = quote(school.ownerRef?.column ?? 'district_id');
  const schoolColumn = quote(visit.ownerRef?.column ?? 'school_id');
  const schools = reader
    .prepare(
      'districtSchools',
      () =>
        `select ${districtColumn} as id, count(*) as n, sum(_local_state = 'pending') as pending
       from ${quote(school.table)} where _deleted = 0 group by ${districtColumn}`,
    )
    .all() as { id: string; n: number; pending: number }[];
  const visits = reader
    .prepare(
      'districtVisits',
      () =>
        `select s.${districtColumn} as id, count(*) as n, sum(${reader.column('reviewStatus', 'v')} = 'pending') as awaiting,
         sum(v._local_state = 'pending') as pending
       from ${quote(visit.table)} v join ${quote(school.table)} s on s.id = v.${schoolColumn}
       where v._deleted = 0 and s._deleted = 0 group by s.${districtColumn}`,
    )
    .all() as { id: string; n: number; awaiting: number; pending: number }[];
  const conflicts = openConflictsBy(reader, school.ownerRef?.entity ?? 'district');
  const counts = new Map<string, NodeCounts>();
  const get = (id: string) => counts.get(id) ?? { ...ZERO };
  for (const s of schools) counts.set(s.id, { ...get(s.id), schools: s.n, pending: s.pending });
  for (const v of visits) {
    const c = get(v.id);
    counts.set(v.id, { ...c, visits: v.n, awaitingReview: v.awaiting, pending: c.pending + v.pending });
  }
  for (const [id, n] of conflicts) counts.set(id, { ...get(id), conflicts: n });
  return counts;
}
