import { describe, expect, it } from 'vitest';
import { assessmentTotals, pupilScore, sectionScore } from '../../src/renderer/features/visits/assessment-scores.js';
import type { GraphNode } from '../../src/shared/ipc/schemas/graph.js';

const section = (id: string, fields: Record<string, unknown>): GraphNode => ({
  entity: 'sectionAnswer',
  id,
  title: String(fields.section ?? ''),
  fields,
  version: 1,
  localState: 'synced',
  conflicted: false,
  parentId: 'pupil',
  via: 'pupilAssessmentId',
});

describe('the assessment scores the visit page shows', () => {
  it('reads the answer string as one mark per item, 1 right and 0 wrong, in order', () => {
    const s = sectionScore(section('s1', { section: 'letter_sounds', correct: 3, attempted: 5, answers: '11010' }));
    expect(s.items).toEqual([true, true, false, true, false]);
    expect(s.items.filter(Boolean)).toHaveLength(3);
    expect(s).toMatchObject({ section: 'letter_sounds', correct: 3, attempted: 5, ratio: 0.6 });
  });

  it('skips characters that are not items, and a section with nothing attempted has no ratio', () => {
    expect(sectionScore(section('s', { answers: '1 0-1\n' })).items).toEqual([true, false, true]);
    expect(sectionScore(section('s', { correct: 0, attempted: 0, answers: '' }))).toMatchObject({
      ratio: null,
      items: [],
      seconds: 0,
    });
    // Damaged numbers count as nothing, never as NaN on the page.
    expect(sectionScore(section('s', { correct: 'x', attempted: -4 }))).toMatchObject({ correct: 0, attempted: 0 });
  });

  it('sums a pupil over its sections and the visit over its pupils', () => {
    const first = pupilScore([
      section('a', { correct: 8, attempted: 10, answers: '1111111100' }),
      section('b', { correct: 1, attempted: 4, answers: '0010' }),
    ]);
    expect(first).toMatchObject({ correct: 9, attempted: 14 });
    expect(first.ratio).toBeCloseTo(9 / 14);
    const second = pupilScore([section('c', { correct: 6, attempted: 6, answers: '111111' })]);
    const none = pupilScore([]);
    expect(none).toMatchObject({ correct: 0, attempted: 0, ratio: null });
    expect(assessmentTotals([first, second, none])).toEqual({ pupils: 3, correct: 15, attempted: 20, ratio: 0.75 });
  });
});
