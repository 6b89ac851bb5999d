import type { GraphNode } from '../../../shared/ipc/schemas/graph.js';

/** One section of a pupil's assessment as the officer reads it. */
export interface SectionScore {
  readonly id: string;
  /** The record itself (its sync markers). */
  readonly node: GraphNode;
  /** The section's code (`letter_sounds`); the catalogs name it. */
  readonly section: string;
  readonly correct: number;
  readonly attempted: number;
  /** `correct / attempted`, or `null` when nothing was attempted. */
  readonly ratio: number | null;
  readonly seconds: number;
  /** Each item in order: `true` right, `false` wrong. Characters other than 0 and 1 are not items. */
  readonly items: readonly boolean[];
}

/** A pupil's sections and their sum. */
export interface PupilScore {
  readonly sections: readonly SectionScore[];
  readonly correct: number;
  readonly attempted: number;
  readonly ratio: number | null;
}

/** The visit's pupils together. */
export interface AssessmentTotals {
  readonly pupils: number;
  readonly correct: number;
  readonly attempted: number;
  readonly ratio: number | null;
}

const count = (value: unknown): number => {
  const n = Number(value ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
};
const ratioOf = (correct: number, attempted: number) => (attempted > 0 ? correct / attempted : null);

/**
 * A section answer record as a score: the tablet's answer string (`1101…`, 1 = right) becomes one mark
 * per item; the score is the record's own correct/attempted (what the tablet computed and the pupil's
 * result was built from).
 */
export function sectionScore(node: GraphNode): SectionScore {
  const correct = count(node.fields.correct);
  const attempted = count(node.fields.attempted);
  const items = [...String(node.fields.answers ?? '')].filter((c) => c === '0' || c === '1').map((c) => c === '1');
  return {
    id: node.id,
    node,
    section: String(node.fields.section ?? ''),
    correct,
    attempted,
    ratio: ratioOf(correct, attempted),
    seconds: count(node.fields.seconds),
    items,
  };
}

/** A pupil's section answers and their sum over all sections. */
export function pupilScore(sections: readonly GraphNode[]): PupilScore {
  const scored = sections.map(sectionScore);
  const correct = scored.reduce((sum, s) => sum + s.correct, 0);
  const attempted = scored.reduce((sum, s) => sum + s.attempted, 0);
  return { sections: scored, correct, attempted, ratio: ratioOf(correct, attempted) };
}

/** All pupils of the visit together. */
export function assessmentTotals(pupils: readonly PupilScore[]): AssessmentTotals {
  const correct = pupils.reduce((sum, p) => sum + p.correct, 0);
  const attempted = pupils.reduce((sum, p) => sum + p.attempted, 0);
  return { pupils: pupils.length, correct, attempted, ratio: ratioOf(correct, attempted) };
}
