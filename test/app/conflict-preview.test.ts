import { describe, expect, it } from 'vitest';
import { keptSide, previewRecord } from '../../src/renderer/features/conflicts/conflict-fields.js';
import { brokenRules } from '../../src/shared/entity/record-rules.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { ConflictView } from '../../src/shared/ipc/schemas/conflicts.js';

const visit = entityGraph.byName.get('schoolVisit');
if (!visit) throw new Error('no schoolVisit entity');

/** A whole visit as the server holds it (every declared field), with `over` changed. */
const record = (over: Record<string, unknown>): Record<string, unknown> => ({
  ...Object.fromEntries(Object.keys(visit.fields).map((f) => [f, null])),
  reviewStatus: 'pending',
  reviewComment: null,
  followUpDate: null,
  followUpNote: null,
  ...over,
});

/** Another officer flagged the visit with a reason; this one approved it and cleared nothing. */
const held = (over: Partial<ConflictView> = {}): ConflictView => ({
  id: '00000000-0000-4000-8000-000000000001',
  entity: 'schoolVisit',
  entityLabel: 'School visit',
  recordId: 'v1',
  recordTitle: '',
  kind: 'held',
  status: 'open',
  fields: [
    { field: 'reviewStatus', base: 'pending', local: 'approved', server: 'flagged', resolved: null },
    { field: 'reviewComment', base: null, local: 'All fine', server: 'Pupil codes repeat', resolved: null },
  ],
  localDeleted: false,
  serverDeleted: false,
  base: record({}),
  local: record({ reviewStatus: 'approved', reviewComment: 'All fine', reviewedBy: 'me' }),
  server: record({ reviewStatus: 'flagged', reviewComment: 'Pupil codes repeat', followUpDate: '2027-01-10' }),
  resolved: null,
  baseVersion: 1,
  serverVersion: 2,
  auto: {},
  resolvedBy: null,
  choices: null,
  createdAt: '2026-12-04T10:00:00.000Z',
  resolvedAt: null,
  ...over,
});

describe('the conflict preview', () => {
  it('takes each chosen field from its side, my other changes and the server’s other changes as they are', () => {
    const preview = previewRecord(held(), { reviewStatus: 'local', reviewComment: 'server' });
    expect(preview).toMatchObject({
      reviewStatus: 'approved',
      reviewComment: 'Pupil codes repeat',
      reviewedBy: 'me',
      followUpDate: '2027-01-10',
    });
  });

  it('shows a combination the record rules refuse (approved with their follow-up date)', () => {
    const conflict = held();
    const rules = (choices: Parameters<typeof previewRecord>[1]) => {
      const preview = previewRecord(conflict, choices);
      return preview ? brokenRules(visit, preview).map((r) => r.id) : [];
    };
    expect(rules({ reviewStatus: 'server', reviewComment: 'server' })).toEqual([]);
    expect(rules({ reviewStatus: 'local', reviewComment: 'server' })).toEqual(['followUpOnlyWhenFlagged']);
    expect(rules({ reviewStatus: 'server', reviewComment: { value: '  ' } })).toEqual(['flaggedNeedsComment']);
  });

  it('takes a field decided automatically from the side that won it', () => {
    const conflict = held({ auto: { reviewedBy: 'server' }, server: record({ reviewedBy: 'them' }) });
    expect(previewRecord(conflict, {})?.reviewedBy).toBe('them');
  });

  it('has nothing to preview for a deletion', () => {
    expect(previewRecord(held({ serverDeleted: true }), {})).toBeNull();
  });
});

describe('the side a resolved conflict kept', () => {
  it('names the officer’s choice first, then the automatic winner, else nothing', () => {
    const conflict = held({
      status: 'resolved',
      auto: { reviewedBy: 'local', reviewedAt: 'server' },
      choices: { reviewStatus: 'server', reviewComment: 'value', reviewedBy: 'server' },
    });
    expect(keptSide(conflict, 'reviewStatus')).toBe('server');
    expect(keptSide(conflict, 'reviewComment')).toBe('value');
    expect(keptSide(conflict, 'reviewedBy')).toBe('server');
    expect(keptSide(conflict, 'reviewedAt')).toBe('autoServer');
    expect(keptSide(conflict, 'visitDate')).toBeUndefined();
  });
});
