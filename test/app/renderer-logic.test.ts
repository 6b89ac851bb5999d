import { describe, expect, it } from 'vitest';
import { type ErrorContext, officerMessage, technicalDetail } from '../../src/renderer/components/officer-message.js';
import { stillWaiting } from '../../src/renderer/features/photo-import/still-waiting.js';
import { treeKeyAction } from '../../src/renderer/features/schools/tree-keys.js';
import { emptyAreaCount, initiallyExpanded, treeRows } from '../../src/renderer/features/schools/tree-rows.js';
import { layoutVisitPicture } from '../../src/renderer/features/visits/graph-layout.js';
import type { AppError } from '../../src/shared/errors.js';
import { entityWords } from '../../src/shared/i18n/entity-words.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
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

/** Country c → region r → districts d1, d2. */
const nodes = [
  area('country', 'c', 'org'),
  area('region', 'r', 'c'),
  area('district', 'd1', 'r'),
  area('district', 'd2', 'r'),
];

describe('the school tree rows', () => {
  const school = { id: 's1', name: 'Hill School' } as SchoolRow;

  it('opens every level above districts at first, so districts and their counts show at once', () => {
    const many = [...nodes, area('district', 'd3', 'r'), area('district', 'd4', 'r')];
    const expanded = initiallyExpanded(many);
    expect([...expanded].sort()).toEqual(['c', 'r']);
    const rows = treeRows(many, expanded, () => undefined);
    expect(rows.map((r) => (r.kind === 'area' ? r.node.id : r.kind))).toEqual(['c', 'r', 'd1', 'd2', 'd3', 'd4']);
  });

  it('opens a district officer’s own districts too: the few with schools in the store', () => {
    const empty = { ...counts, schools: 0, visits: 0 };
    const store = [
      ...nodes,
      { ...area('district', 'd3', 'r'), counts: empty },
      { ...area('district', 'd4', 'r'), counts: empty },
    ];
    expect([...initiallyExpanded(store)].sort()).toEqual(['c', 'd1', 'd2', 'r']);
  });

  it('folds away areas without schools unless asked, and a region left with none goes too', () => {
    const empty = { ...counts, schools: 0, visits: 0 };
    const store = [
      ...nodes,
      { ...area('district', 'd3', 'r'), counts: empty },
      { ...area('region', 'r2', 'c'), counts: empty },
      { ...area('district', 'd4', 'r2'), counts: empty },
    ];
    const open = new Set(['c', 'r', 'r2']);
    const ids = (options: { showEmpty?: boolean }) =>
      treeRows(store, open, () => undefined, options).map((r) => (r.kind === 'area' ? r.node.id : r.kind));
    expect(ids({})).toEqual(['c', 'r', 'd1', 'd2']);
    expect(ids({ showEmpty: true })).toEqual(['c', 'r', 'd1', 'd2', 'd3', 'r2', 'd4']);
    expect(emptyAreaCount(store)).toBe(3);
  });

  it('orders areas and schools naturally: District 2 before District 10, whatever the store order', () => {
    const named = (id: string, name: string): HierarchyNode => ({ ...area('district', id, 'r'), name });
    const store = [
      nodes[0],
      nodes[1],
      named('a', 'District 10'),
      named('b', 'district 2'),
      named('c1', 'District 1'),
    ].filter((n): n is HierarchyNode => n !== undefined);
    const schools = ['School 12', 'School 3', 'école 1'].map((name, i) => ({ id: `s${i}`, name }) as SchoolRow);
    const rows = treeRows(store, new Set(['c', 'r', 'b']), (id) => (id === 'b' ? schools : undefined));
    const names = rows.map((r) => (r.kind === 'area' ? r.node.name : r.kind === 'school' ? r.school.name : r.kind));
    expect(names).toEqual(['c', 'r', 'District 1', 'district 2', 'école 1', 'School 3', 'School 12', 'District 10']);
  });

  it('shows a loading row for an open district until its schools arrive, then the schools', () => {
    const expanded = new Set(['c', 'r', 'd1']);
    expect(treeRows(nodes, expanded, () => undefined)[3]).toMatchObject({ kind: 'loading', depth: 3 });
    const rows = treeRows(nodes, expanded, (id) => (id === 'd1' ? [school] : undefined));
    expect(rows[3]).toMatchObject({ kind: 'school', school, depth: 3 });
  });
});

describe('the school tree keys (WAI-ARIA tree view)', () => {
  const schools = [{ id: 's1', name: 'Hill School' } as SchoolRow, { id: 's2', name: 'Lake School' } as SchoolRow];
  // c, r, d1, s1, s2, d2
  const rows = treeRows(nodes, new Set(['c', 'r', 'd1']), (id) => (id === 'd1' ? schools : undefined));
  const keys = rows.map((row) => row.key);
  const act = (from: string, key: string) => treeKeyAction(rows, keys.indexOf(from), key);

  it('places every row among its siblings for a virtualised tree (aria-posinset / aria-setsize)', () => {
    expect(rows.map((r) => [r.key, r.depth, r.posinset, r.setsize])).toEqual([
      ['c', 0, 1, 1],
      ['r', 1, 1, 1],
      ['d1', 2, 1, 2],
      ['s1', 3, 1, 2],
      ['s2', 3, 2, 2],
      ['d2', 2, 2, 2],
    ]);
  });

  it('moves up and down through the visible rows, stopping at either end; Home and End jump', () => {
    expect(act('d1', 'ArrowDown')).toEqual({ kind: 'focus', index: keys.indexOf('s1') });
    expect(act('s2', 'ArrowDown')).toEqual({ kind: 'focus', index: keys.indexOf('d2') });
    expect(act('d1', 'ArrowUp')).toEqual({ kind: 'focus', index: keys.indexOf('r') });
    expect(act('d2', 'ArrowDown')).toBeNull();
    expect(act('c', 'ArrowUp')).toBeNull();
    expect(act('s1', 'Home')).toEqual({ kind: 'focus', index: 0 });
    expect(act('c', 'End')).toEqual({ kind: 'focus', index: keys.indexOf('d2') });
  });

  it('Right expands a closed area, then moves to its first child; on a school it does nothing', () => {
    expect(act('d2', 'ArrowRight')).toEqual({ kind: 'expand', index: keys.indexOf('d2') });
    expect(act('d1', 'ArrowRight')).toEqual({ kind: 'focus', index: keys.indexOf('s1') });
    expect(act('s1', 'ArrowRight')).toBeNull();
  });

  it('Left collapses an open area, else moves to the parent; at the top level it does nothing', () => {
    expect(act('d1', 'ArrowLeft')).toEqual({ kind: 'collapse', index: keys.indexOf('d1') });
    expect(act('s2', 'ArrowLeft')).toEqual({ kind: 'focus', index: keys.indexOf('d1') });
    expect(act('d2', 'ArrowLeft')).toEqual({ kind: 'focus', index: keys.indexOf('r') });
    const closed = treeRows(nodes, new Set(), () => undefined);
    expect(treeKeyAction(closed, 0, 'ArrowLeft')).toBeNull();
  });

  it('Enter opens a school and toggles an area; other keys are not the tree’s', () => {
    expect(act('s2', 'Enter')).toEqual({ kind: 'open', index: keys.indexOf('s2') });
    expect(act('d1', 'Enter')).toEqual({ kind: 'collapse', index: keys.indexOf('d1') });
    expect(act('d2', 'Enter')).toEqual({ kind: 'expand', index: keys.indexOf('d2') });
    expect(act('d1', 'a')).toBeNull();
  });

  it('skips the loading row of a district whose schools are on their way', () => {
    const loading = treeRows(nodes, new Set(['c', 'r', 'd1']), () => undefined);
    expect(loading.map((r) => r.kind)).toEqual(['area', 'area', 'area', 'loading', 'area']);
    expect(treeKeyAction(loading, 2, 'ArrowDown')).toEqual({ kind: 'focus', index: 4 });
    expect(treeKeyAction(loading, 4, 'ArrowUp')).toEqual({ kind: 'focus', index: 2 });
    expect(treeKeyAction(loading, 2, 'ArrowRight')).toBeNull();
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
  const picture = layoutVisitPicture(graph, {
    visit: (v) => `Visit ${v.title}`,
    group: (entity, count) => `${count} ${entity}s`,
    record: (entity, title) => `${entity}: ${title}`,
  });

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
  const en = createTranslator('en');
  const fr = createTranslator('fr');
  const say = (tr: typeof en, e: AppError, context?: ErrorContext) =>
    officerMessage({ t: tr.t, words: entityWords(tr.lookup), say: tr.say, language: tr.language }, e, context);

  it('says a 401 at sign-in is a wrong password, elsewhere an ended session', () => {
    const e = { code: 'UNAUTHORIZED', message: 'Wrong username or password' } as const;
    expect(say(en, e, 'signIn')).toBe('The user name or password is not right.');
    expect(say(en, e, 'sync')).toMatch(/sign in again/);
    expect(say(fr, e, 'signIn')).toMatch(/mot de passe/);
  });

  it('names the field as the screen does, never its key, and keeps the technical detail one click away', () => {
    const e = {
      code: 'VALIDATION',
      message: 'School visit 1 field "reviewComment": too long',
      entity: 'schoolVisit',
      field: 'reviewComment',
      detail: 'max 4000',
    } as const;
    expect(say(en, e, 'record')).toBe('The school visit was rejected: “Review comment” is missing or not valid.');
    expect(say(fr, e, 'record')).not.toContain('reviewComment');
    expect(technicalDetail(e)).toContain('detail: max 4000');
    const url = { code: 'BAD_REQUEST', message: 'serverUrl: use https', field: 'serverUrl' } as const;
    expect(say(en, url, 'signIn')).toMatch(/^Server address: /);
    expect(say(fr, url, 'signIn')).toMatch(/^Adresse du serveur/);
    expect(say(en, { code: 'FORBIDDEN', message: 'You may not change region records' }, 'record')).toBe(
      'The server refused this change. Details say why.',
    );
  });
});

describe('photos an import left waiting (another program held them)', () => {
  const candidate = (n: number) => ({
    sha256: String(n).repeat(64).slice(0, 64),
    relativePath: `DCIM/100/IMG_${n}.JPG`,
    originalName: `IMG_${n}.JPG`,
    mimeType: 'image/jpeg' as const,
    size: 10,
    capturedAt: null,
    camera: null,
    latitude: null,
    longitude: null,
    hasThumbnail: false,
    thumbnailError: null,
    suggestion: { schoolVisitId: null, confidence: 'none' as const, reason: 'no date', distanceMetres: null },
    assigned: null,
    selected: false,
  });
  const visit = '11111111-1111-4111-8111-111111111111';
  const scan = {
    scanId: visit,
    root: 'E:\\',
    filesSeen: 3,
    candidateCount: 3,
    candidates: [1, 2, 3].map(candidate),
    duplicates: [],
    skipped: [],
    visits: [],
  };
  const review = {
    kind: 'review' as const,
    scan,
    assignments: new Map<string, string | null>(scan.candidates.map((c) => [c.sha256, visit])),
    selected: new Set<string>(),
    resumed: false,
  };
  const report = (waiting: number, skipped: { path: string; reason: string; message: string }[]) => ({
    root: 'E:\\',
    filesSeen: 3,
    imported: 3 - waiting,
    inbox: 0,
    duplicates: [],
    skipped,
    warnings: [],
    bytesImported: 0,
    bytesUploaded: 0,
    uploadsFailed: 0,
    waiting,
    ms: 1,
  });

  it('are offered again with the visits the officer chose; the rest are not', () => {
    const left = stillWaiting(
      review,
      report(1, [
        { path: 'DCIM/100/IMG_2.JPG', reason: 'locked', message: 'Not imported yet' },
        { path: 'DCIM/100/IMG_3.JPG', reason: 'no-visit', message: 'Not assigned' },
      ]),
    );
    expect(left?.scan.candidates.map((c) => c.relativePath)).toEqual(['DCIM/100/IMG_2.JPG']);
    expect([...(left?.assignments ?? [])]).toEqual([[candidate(2).sha256, visit]]);
    expect(stillWaiting(review, report(0, []))).toBeNull();
  });
});
