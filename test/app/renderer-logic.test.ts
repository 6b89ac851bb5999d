import { describe, expect, it } from 'vitest';
import { officerMessage, technicalDetail } from '../../src/renderer/components/officer-message.js';
import { initiallyExpanded, treeRows } from '../../src/renderer/screens/schools/tree-rows.js';
import { layoutVisitPicture } from '../../src/renderer/screens/visits/graph-layout.js';
import type {
  GraphNode,
  HierarchyNode,
  RecordView,
  SchoolRow,
  VisitGraph,
} from '../../src/shared/ipc/schemas/graph.js';

const counts = { schools: 1, visits: 2, awaitingReview: 0, pending: 0, conflicts: 0 };
const area = (entity: string, id: string, parentId: string | null): HierarchyNode => ({
  entity,
  id,
  name: id,
  parentId,
  counts,
});

describe('the school tree rows', () => {
  const nodes = [
    area('country', 'c', 'org'),
    area('region', 'r', 'c'),
    area('district', 'd1', 'r'),
    area('district', 'd2', 'r'),
  ];
  const school = { id: 's1', name: 'Hill School' } as SchoolRow;

  it('opens every level above districts at first, so districts and their counts show at once', () => {
    const expanded = initiallyExpanded(nodes);
    expect([...expanded].sort()).toEqual(['c', 'r']);
    const rows = treeRows(nodes, expanded, () => undefined);
    expect(rows.map((r) => (r.kind === 'area' ? r.node.id : r.kind))).toEqual(['c', 'r', 'd1', 'd2']);
  });

  it('shows a loading row for an open district until its schools arrive, then the schools', () => {
    const expanded = new Set(['c', 'r', 'd1']);
    expect(treeRows(nodes, expanded, () => undefined)[3]).toMatchObject({ kind: 'loading', depth: 3 });
    const rows = treeRows(nodes, expanded, (id) => (id === 'd1' ? [school] : undefined));
    expect(rows[3]).toMatchObject({ kind: 'school', school, depth: 3 });
  });
});

const record = (entity: string, id: string, fields: Record<string, unknown> = {}): RecordView => ({
  entity,
  id,
  title: id,
  fields,
  version: 1,
  localState: 'synced',
  conflicted: false,
});
const child = (entity: string, id: string, parentId: string, fields: Record<string, unknown> = {}): GraphNode => ({
  ...record(entity, id, fields),
  parentId,
  via: 'x',
});

describe('the visit picture', () => {
  const graph: VisitGraph = {
    school: record('school', 'S'),
    visit: record('schoolVisit', 'V'),
    nodes: [
      child('teacherVisit', 'tv1', 'V', { teacherId: 'T1' }),
      ...['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => child('pupilAssessment', id, 'V')),
      ...['a1', 'a2', 'a3', 'a4', 'a5'].flatMap((a) =>
        [1, 2, 3, 4, 5].map((i) => child('sectionAnswer', `${a}s${i}`, a)),
      ),
      { ...child('assessmentResult', 'r1', 'a1'), localState: 'pending' },
    ],
    references: [record('teacher', 'T1')],
  };
  const picture = layoutVisitPicture(graph, (e) => e);

  it('groups siblings of one type, and their children across the group', () => {
    const labels = picture.nodes.map((n) => n.label);
    expect(labels).toContain('5 pupilAssessments');
    expect(labels).toContain('25 sectionAnswers');
    expect(labels).toContain('assessmentResult: r1');
    expect(picture.rows).toBeLessThanOrEqual(3);
  });

  it('marks a box holding an unsynced record, and draws references dashed', () => {
    expect(picture.nodes.find((n) => n.key === 'r1')?.pending).toBe(true);
    expect(picture.edges).toContainEqual({ from: 'tv1', to: 'T1', reference: true });
  });
});

describe('errors in an officer’s words', () => {
  it('says a 401 at sign-in is a wrong password, elsewhere an ended session', () => {
    const e = { code: 'UNAUTHORIZED', message: 'Wrong username or password' } as const;
    expect(officerMessage(e, 'signIn')).toBe('The user name or password is not right.');
    expect(officerMessage(e, 'sync')).toMatch(/sign in again/);
  });

  it('says why a record was rejected, and keeps the technical detail one click away', () => {
    const e = {
      code: 'VALIDATION',
      message: 'School visit 1 field "reviewComment": too long',
      field: 'reviewComment',
      detail: 'max 4000',
    } as const;
    expect(officerMessage(e, 'record')).toBe(
      'The record was rejected because school visit 1 field "reviewComment": too long',
    );
    expect(technicalDetail(e)).toContain('detail: max 4000');
    expect(officerMessage({ code: 'FORBIDDEN', message: 'You may not change region records' }, 'record')).toBe(
      'The server refused this change: You may not change region records',
    );
  });
});
